using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RobotEdge.Perception.ModelImport;
using static RobotEdge.Perception.Tests.ModelImport.TfliteFileBuilder;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary><see cref="TfliteImporter.ConvertExposingIntermediates"/>: every computed tensor as an extra NHWC output, for layer-by-layer checks.</summary>
public sealed class IntermediateExposureTests
{
    [Fact]
    public void Every_computed_tensor_becomes_an_nhwc_output_after_the_models_own()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 3, 2);
        float[] filter = ImportedModel.Random(3 * 2, 21);
        int w = b.Constant("w", [3, 1, 1, 2], filter);
        int conv = b.Tensor("conv", 1, 2, 3, 3);
        int flat = b.Tensor("flat", 1, 18);
        int y = b.Tensor("out", 1, 18);
        b.Operator(Conv2D, [x, w, -1], [conv], Conv2DOptions, ConvOptions(0, 1, 1));
        b.Operator(Reshape, [conv], [flat], ReshapeOptions, NoOptions());
        b.Operator(Logistic, [flat], [y]);
        b.Output(y);
        byte[] tflite = b.Build();
        float[] input = ImportedModel.Random(12, 22);

        byte[] onnx = TfliteImporter.ConvertExposingIntermediates(tflite, out var report);

        TfliteImporter.Convert(tflite, out var plain);
        Assert.Empty(plain.Intermediates);
        Assert.Equal(["conv", "flat"], report.Intermediates.Select(i => i.TfliteName));
        Assert.Equal([0, 1], report.Intermediates.Select(i => i.OperatorIndex));
        Assert.Equal([conv, flat], report.Intermediates.Select(i => i.TensorIndex));
        Assert.Equal([1, 2, 3, 3], report.Intermediates[0].Shape);

        using var session = new InferenceSession(onnx);
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("image", new DenseTensor<float>(input, [1, 2, 3, 2])) });
        Assert.Equal(["out", report.Intermediates[0].OutputName, report.Intermediates[1].OutputName], results.Select(r => r.Name));
        float[] exposedConv = results[1].AsTensor<float>().ToArray();
        Assert.Equal([1, 2, 3, 3], results[1].AsTensor<float>().Dimensions.ToArray());
        // NHWC, TFLite's element order: the 1×1 convolution per pixel, and RESHAPE moving nothing.
        ImportedModel.AssertClose(NhwcReference.Conv2D(input, [1, 2, 3, 2], filter, [3, 1, 1, 2], null, 1, 1, same: true).Data, exposedConv);
        Assert.Equal(exposedConv, results[2].AsTensor<float>().ToArray());
        ImportedModel.AssertClose(exposedConv.Select(v => 1 / (1 + MathF.Exp(-v))).ToArray(), results[0].AsTensor<float>().ToArray(), 1e-6f);
    }
}
