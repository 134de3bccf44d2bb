using Google.Protobuf;
using RobotEdge.Perception.ModelImport.Conversion;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// Converts a float TFLite model (float32 activations; float32, float16 or sparse weights) into an
/// ONNX model that ONNX Runtime runs with the same results. The ONNX model keeps TFLite's boundary:
/// NHWC float32 inputs with TFLite's tensor names, and outputs in TFLite's subgraph output order
/// with TFLite's names and shapes. Supported operators: ADD, CONCATENATION, CONV_2D,
/// DEPTHWISE_CONV_2D, DEPTH_TO_SPACE, DEQUANTIZE (of float16 constants), DENSIFY (of constants),
/// LOGISTIC, MAX_POOL_2D, PAD, RESHAPE, RESIZE_BILINEAR, with fused NONE/RELU/RELU6/RELU_N1_TO_1/TANH.
/// Import time only (reads the whole file, allocates freely); not for the hot path. Thread-safe: no shared state.
/// </summary>
public static class TfliteImporter
{
    /// <summary>
    /// Reads <paramref name="tflitePath"/> and writes the converted model to <paramref name="onnxPath"/>
    /// (through a temporary file beside it, renamed into place, so a reader never sees half a model).
    /// Throws <see cref="NotSupportedException"/> naming the first unsupported operator or option,
    /// <see cref="InvalidDataException"/> for a malformed file, and the usual I/O exceptions.
    /// </summary>
    public static TfliteImportReport Import(string tflitePath, string onnxPath)
    {
        byte[] onnx = Convert(File.ReadAllBytes(tflitePath), out var report);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        string temporary = $"{onnxPath}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllBytes(temporary, onnx);
            File.Move(temporary, onnxPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return report;
    }

    /// <summary>
    /// Converts the TFLite flatbuffer <paramref name="tflite"/> in memory and returns the ONNX model's
    /// bytes. Same exceptions as <see cref="Import"/>.
    /// </summary>
    public static byte[] Convert(byte[] tflite, out TfliteImportReport report) => Convert(tflite, exposeIntermediates: false, out report);

    /// <summary>
    /// As <see cref="Convert(byte[], out TfliteImportReport)"/>, and every tensor an operator computes
    /// at run time also becomes an ONNX output (NHWC, TFLite's element order), after the model's own
    /// outputs, listed in <see cref="TfliteImportReport.Intermediates"/>: for comparing a converted
    /// model layer by layer with a reference. The extra outputs keep ONNX Runtime from fusing
    /// across them, so the model's own outputs may round differently than in the plain conversion.
    /// Tools only.
    /// </summary>
    public static byte[] ConvertExposingIntermediates(byte[] tflite, out TfliteImportReport report) => Convert(tflite, exposeIntermediates: true, out report);

    private static byte[] Convert(byte[] tflite, bool exposeIntermediates, out TfliteImportReport report)
    {
        var model = TfliteModelReader.Read(tflite);
        try
        {
            var (onnx, converted) = TfliteGraphConverter.Convert(model, exposeIntermediates);
            report = converted;
            return onnx.ToByteArray();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            // Options tables are read lazily during conversion; a broken one surfaces here.
            throw new InvalidDataException($"malformed TFLite flatbuffer: {e.Message}", e);
        }
    }
}
