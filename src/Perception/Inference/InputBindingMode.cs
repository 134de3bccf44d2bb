namespace RobotEdge.Perception.Inference;

/// <summary>
/// How a model's pinned input buffer is bound to its <see cref="Microsoft.ML.OnnxRuntime.OrtIoBinding"/>.
/// ONNX Runtime resolves a bound input at bind time: where the session consumes the input in CPU
/// memory it keeps the caller's buffer itself, and where it consumes it on a device (CUDA,
/// TensorRT) it copies the buffer to the device then and there. Chosen per provider by
/// <see cref="InputBinder.ModeFor"/>.
/// </summary>
public enum InputBindingMode
{
    /// <summary>
    /// Bound once when the model loads; each run reads whatever the buffer holds. Correct only on
    /// the CPU provider, where the binding is the buffer (no copy); the fastest path there.
    /// </summary>
    BoundOnce,

    /// <summary>
    /// Bound again before every run, so the device copy is of this frame, not the first one; the
    /// run then waits for that copy. Needed on device providers; also correct (and allocation-free)
    /// on the CPU provider, where the rebind only replaces the binding with the same buffer.
    /// </summary>
    RebindEachRun,
}
