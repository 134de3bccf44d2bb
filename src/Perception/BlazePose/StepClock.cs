using RobotEdge.Bus.Clocks;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Splits one frame's time into preprocessing, inference and decoding: each <c>Lap*</c> call charges
/// the time since the previous lap to that step. A struct on the stack: no allocation.
/// </summary>
internal struct StepClock
{
    private long _lastNs;

    public StepClock()
    {
        _lastNs = MonotonicClock.GetTimestampNs();
    }

    /// <summary>Warping frames into model inputs, ns.</summary>
    public long PreprocessNs;

    /// <summary>Model runs, ns.</summary>
    public long InferenceNs;

    /// <summary>Decoding, NMS, tracking, smoothing, ns.</summary>
    public long DecodeNs;

    public void LapPreprocess() => PreprocessNs += Lap();

    public void LapInference() => InferenceNs += Lap();

    public void LapDecode() => DecodeNs += Lap();

    private long Lap()
    {
        long now = MonotonicClock.GetTimestampNs();
        long elapsed = now - _lastNs;
        _lastNs = now;
        return elapsed;
    }
}
