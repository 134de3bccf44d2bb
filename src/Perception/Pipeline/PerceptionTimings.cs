namespace RobotEdge.Perception.Pipeline;

/// <summary>How long each step of one frame's perception took, in nanoseconds of real time.</summary>
public struct PerceptionTimings
{
    /// <summary>Letterbox, normalisation and HWC→CHW into the input tensor.</summary>
    public long PreprocessNs;

    /// <summary>The ONNX Runtime run (on board), or the wait for the edge server's answer.</summary>
    public long InferenceNs;

    /// <summary>Decoding into frame-pixel keypoints and tracking (the budget's "decode + track"); 0 when the edge server answered.</summary>
    public long DecodeNs;

    /// <summary>The target's 3D pose solve from the keypoints (<see cref="ITargetPoseSolver"/>); 0 when no solver is configured.</summary>
    public long PoseSolveNs;
}
