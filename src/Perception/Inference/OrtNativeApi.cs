using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace RobotEdge.Perception.Inference;

/// <summary>
/// The five entries of ONNX Runtime's C API (the <c>OrtApi</c> function table of
/// <c>onnxruntime_c_api.h</c>) that binding an input before every run needs without managed
/// allocation. The managed package's <see cref="OrtIoBinding.BindInput(string, OrtValue)"/> converts
/// the input name to a new UTF-8 array on every call and keeps an <see cref="OrtValue"/>'s native
/// handle internal; here the name is converted once by the caller and the value is created through
/// the C API, so a rebind allocates nothing on the managed heap.
/// The table comes from the native library the managed package itself loads. Its slots are indexed
/// by position: ONNX Runtime only ever appends to <c>OrtApi</c>, so a slot never moves between
/// versions (the indices below are those of the 1.32 header and of the package's own
/// <c>NativeMethods.OrtApi</c> mirror).
/// </summary>
internal static unsafe class OrtNativeApi
{
    /// <summary>The C API version requested: that of the pinned package (1.32); later libraries serve it too.</summary>
    private const uint ApiVersion = 32;

    private const int GetErrorMessageSlot = 2;
    private const int CreateTensorWithDataAsOrtValueSlot = 49;
    private const int ReleaseStatusSlot = 93;
    private const int ReleaseValueSlot = 96;
    private const int BindInputSlot = 136;

    /// <summary><c>ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT</c>.</summary>
    private const int FloatElementType = 1;

    private static readonly delegate* unmanaged<IntPtr, byte*> GetErrorMessage;
    private static readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    private static readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    private static readonly delegate* unmanaged<IntPtr, void> ReleaseValueFn;
    private static readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr> BindInputFn;

    static OrtNativeApi()
    {
        // Resolved through the managed package's assembly, so this is the very library it loaded.
        IntPtr library = NativeLibrary.Load("onnxruntime", typeof(InferenceSession).Assembly, null);
        var getApiBase = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        // OrtApiBase is { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }.
        IntPtr* apiBase = (IntPtr*)getApiBase();
        var getApi = (delegate* unmanaged<uint, IntPtr*>)apiBase[0];
        IntPtr* api = getApi(ApiVersion);
        if (api == null)
        {
            throw new InvalidOperationException($"ONNX Runtime's native library does not serve C API version {ApiVersion} (ONNX Runtime 1.32 or later is needed)");
        }

        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)api[GetErrorMessageSlot];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)api[ReleaseStatusSlot];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)api[CreateTensorWithDataAsOrtValueSlot];
        ReleaseValueFn = (delegate* unmanaged<IntPtr, void>)api[ReleaseValueSlot];
        BindInputFn = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr>)api[BindInputSlot];
    }

    /// <summary>
    /// A native float tensor OrtValue over caller memory in CPU RAM (ONNX Runtime's default CPU
    /// memory info). The memory must stay pinned and alive until <see cref="ReleaseValue"/>. Not for the hot path.
    /// </summary>
    public static IntPtr CreateCpuFloatTensor(float* data, long elementCount, long[] shape)
    {
        IntPtr value = IntPtr.Zero;
        fixed (long* dims = shape)
        {
            IntPtr status = CreateTensorWithDataAsOrtValue(OrtMemoryInfo.DefaultInstance.DangerousGetHandle(), data,
                (nuint)(elementCount * sizeof(float)), dims, (nuint)shape.Length, FloatElementType, &value);
            ThrowIfFailed(status, "could not create the input tensor of shape [" + string.Join(",", shape) + "]");
        }

        return value;
    }

    /// <summary>Releases a value made by <see cref="CreateCpuFloatTensor"/>.</summary>
    public static void ReleaseValue(IntPtr value) => ReleaseValueFn(value);

    /// <summary>
    /// Binds <paramref name="value"/> to the input named by <paramref name="utf8Name"/> (zero-terminated
    /// UTF-8, pinned by the caller). ONNX Runtime copies the tensor to the device the session
    /// consumes the input on, here and now. Real-time safe on the managed side: no allocation.
    /// </summary>
    public static void BindInput(IntPtr binding, byte* utf8Name, IntPtr value)
    {
        IntPtr status = BindInputFn(binding, utf8Name, value);
        if (status != IntPtr.Zero)
        {
            ThrowBindFailed(status, utf8Name);
        }
    }

    private static void ThrowBindFailed(IntPtr status, byte* utf8Name) =>
        ThrowIfFailed(status, $"refused to bind input '{Marshal.PtrToStringUTF8((IntPtr)utf8Name)}'");

    private static void ThrowIfFailed(IntPtr status, string what)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        string message = Marshal.PtrToStringUTF8((IntPtr)GetErrorMessage(status)) ?? "no message";
        ReleaseStatus(status);
        throw new InvalidOperationException($"ONNX Runtime {what}: {message}");
    }
}
