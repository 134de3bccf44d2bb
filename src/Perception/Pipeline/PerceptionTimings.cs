namespace RobotEdge.Perception.Pipeline;

/// <summary>How long each step of one frame's perception took, in nanoseconds of real time.</summary>
public struct PerceptionTimings
{
    /// <summary>Letterbox, normalisation and HWC→CHW into the input tensor.</summary>
    public long PreprocessNs;

    /// <summary>The ONNX Runtime run.</summary>
    public long InferenceNs;

    /// <summary>Decoding into frame-pixel keypoints, tracking, and the 3D pose when configured (the budget's "decode + track").</summary>
    public long DecodeNs;
}
