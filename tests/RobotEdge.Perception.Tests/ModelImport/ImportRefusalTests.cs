using RobotEdge.Perception.ModelImport;
using static RobotEdge.Perception.Tests.ModelImport.TfliteFileBuilder;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>What the importer refuses, and how it says so.</summary>
public sealed class ImportRefusalTests
{
    [Fact]
    public void A_model_with_an_unsupported_operator_is_refused_with_its_name()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("a", 1, 4);
        int y = b.Tensor("out", 1, 4);
        b.Operator(Mul, [x, x], [y], MulOptions, ActivationOptions(0));
        b.Output(y);

        var e = Assert.Throws<NotSupportedException>(() => TfliteImporter.Convert(b.Build(), out _));

        Assert.Contains("MUL", e.Message);
        Assert.Contains("builtin code 18", e.Message);
    }

    [Fact]
    public void A_quantized_model_is_refused_naming_the_tensor_and_type()
    {
        var file = new TfliteFileBuilder();
        int input = file.Input("ok", 1, 4);
        int q = file.QuantizedTensor("q_out", Int8, 1, 4);
        file.Operator(Logistic, [input], [q]);
        file.Output(q);

        var e = Assert.Throws<NotSupportedException>(() => TfliteImporter.Convert(file.Build(), out _));

        Assert.Contains("q_out", e.Message);
        Assert.Contains("Int8", e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_a_tflite_model_are_invalid_data()
    {
        var e = Assert.Throws<InvalidDataException>(() => TfliteImporter.Convert("not a model at all"u8.ToArray(), out _));
        Assert.Contains("TFL3", e.Message);
    }

    [Fact]
    public void A_truncated_model_is_invalid_data_not_a_crash()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("a", 1, 2, 2, 1);
        int w = b.Constant("w", [1, 1, 1, 1], [2f]);
        int y = b.Tensor("out", 1, 2, 2, 1);
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(0, 1, 1));
        b.Output(y);
        byte[] whole = b.Build();

        // Every cut keeps the header (identifier intact) but loses tables the root points into.
        for (int length = 12; length < whole.Length; length += 7)
        {
            byte[] cut = whole[..length];
            var e = Record.Exception(() => TfliteImporter.Convert(cut, out _));
            Assert.True(e is InvalidDataException, $"cut at {length} of {whole.Length} bytes: {e?.GetType().Name ?? "accepted"}");
        }
    }
}
