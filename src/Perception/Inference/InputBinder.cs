using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace RobotEdge.Perception.Inference;

/// <summary>
/// One float input of a model: a tensor over (the first elements of) a pinned buffer, bound to an
/// <see cref="OrtIoBinding"/> under the input's name in the given <see cref="InputBindingMode"/>.
/// The binding is made once here (so a wrong name fails at load, not in the loop), and in
/// <see cref="InputBindingMode.RebindEachRun"/> again by <see cref="BeforeRun"/>.
/// Ownership: the caller owns the binding and the buffer and keeps both alive, and the buffer
/// pinned (<see cref="GC.AllocateArray{T}(int, bool)"/> with <c>pinned: true</c>), until this is
/// disposed; this owns only the native tensor value. Used by the model's run thread only.
/// </summary>
public sealed unsafe class InputBinder : IDisposable
{
    /// <summary>The caller's binding; its native handle is <see cref="_bindingHandle"/>.</summary>
    private readonly OrtIoBinding _binding;

    /// <summary>Native <c>OrtIoBinding*</c>, valid while <see cref="_binding"/> is alive.</summary>
    private readonly IntPtr _bindingHandle;

    /// <summary>The input's name, zero-terminated UTF-8, pinned for the lifetime of this binder.</summary>
    private readonly byte[] _utf8Name;

    /// <summary>Native <c>OrtValue*</c> over the caller's buffer; released once, by <see cref="Dispose"/>.</summary>
    private IntPtr _value;

    /// <summary>Binds <paramref name="shape"/>'s worth of floats from the start of <paramref name="pinnedBuffer"/> to input <paramref name="name"/>.</summary>
    public InputBinder(OrtIoBinding binding, string name, float[] pinnedBuffer, long[] shape, InputBindingMode mode)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentException.ThrowIfNullOrEmpty(name);
        long elements = 1;
        foreach (long d in shape)
        {
            elements *= d;
        }

        if (elements > pinnedBuffer.Length)
        {
            throw new ArgumentException(
                $"input '{name}' of shape [{string.Join(",", shape)}] needs {elements} floats; the buffer holds {pinnedBuffer.Length}", nameof(pinnedBuffer));
        }

        _binding = binding;
        _bindingHandle = binding.DangerousGetHandle();
        Mode = mode;
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        _utf8Name = GC.AllocateArray<byte>(utf8.Length + 1, pinned: true);
        utf8.CopyTo(_utf8Name, 0);
        _value = OrtNativeApi.CreateCpuFloatTensor((float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedBuffer)), elements, shape);
        try
        {
            Bind();
        }
        catch
        {
            OrtNativeApi.ReleaseValue(_value);
            _value = IntPtr.Zero;
            throw;
        }
    }

    /// <summary>How the input is bound: once, or before every run.</summary>
    public InputBindingMode Mode { get; }

    /// <summary>
    /// The mode a session on <paramref name="provider"/> needs: <see cref="InputBindingMode.BoundOnce"/>
    /// on the CPU provider, <see cref="InputBindingMode.RebindEachRun"/> on a device provider (CUDA,
    /// TensorRT), which copies a bound CPU input at bind time.
    /// </summary>
    public static InputBindingMode ModeFor(ExecutionProvider provider) =>
        provider == ExecutionProvider.Cpu ? InputBindingMode.BoundOnce : InputBindingMode.RebindEachRun;

    /// <summary>
    /// Call after the buffer holds this run's input and right before <c>RunWithBinding</c>. In
    /// <see cref="InputBindingMode.BoundOnce"/> it does nothing; in
    /// <see cref="InputBindingMode.RebindEachRun"/> it binds the buffer again (ONNX Runtime copies it
    /// to the device) and waits until the device holds the copy. Real-time safe on the managed side:
    /// no allocation, no lock; on a device provider it blocks for one host-to-device copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeforeRun()
    {
        if (Mode == InputBindingMode.RebindEachRun)
        {
            Rebind();
        }
    }

    private void Rebind()
    {
        Bind();
        // The copy runs on the provider's stream; the run may start on another.
        _binding.SynchronizeBoundInputs();
    }

    private void Bind()
    {
        fixed (byte* name = _utf8Name)
        {
            OrtNativeApi.BindInput(_bindingHandle, name, _value);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_value != IntPtr.Zero)
        {
            OrtNativeApi.ReleaseValue(_value);
            _value = IntPtr.Zero;
        }
    }
}
