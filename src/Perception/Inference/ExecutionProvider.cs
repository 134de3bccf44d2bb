namespace RobotEdge.Perception.Inference;

/// <summary>ONNX Runtime execution providers RobotEdge knows how to configure.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider; always present.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA provider (needs the GPU build of the native library and a CUDA device).</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT provider, with CUDA behind it for unsupported nodes.</summary>
    TensorRt,
}
