using RobotEdge.Perception.Tests.ModelImport;
using RobotEdge.ReferenceCheck.Float64;
using static RobotEdge.Perception.Tests.ModelImport.TfliteFileBuilder;

namespace RobotEdge.ReferenceCheck.Tests.Float64;

/// <summary>
/// The float64 interpreter operator by operator, on tiny TFLite files written with the importer
/// tests' <see cref="TfliteFileBuilder"/>, against answers worked out by hand or by the importer
/// tests' <see cref="NhwcReference"/> loops (TFLite's reference-kernel rules written out
/// independently). Answers are exact in double, so the tolerances are float rounding of the expected values only.
/// </summary>
public sealed class Float64InterpreterTests
{
    private const byte Same = 0, Valid = 1;
    private const byte Relu = 1, Relu6 = 3, Tanh = 4;

    [Fact]
    public void TinyModelGivesTheHandComputedOutputs()
    {
        var interpreter = Float64Interpreter.FromBytes(TinyTfliteModel.Build(), "tiny");
        float[] x = [0.25f, 1f, -3f, 2f, -0.5f, 0.75f, -2.5f, 1.5f, 0f, 1f, -1f, 3.5f];

        double[][] outputs = interpreter.Run([x]);

        var (s, y) = TinyTfliteModel.Expected(x);
        Assert.Equal(2, outputs.Length);
        AssertClose(s, outputs[0], 1e-7);
        AssertClose(y, outputs[1], 1e-6);
    }

    [Fact]
    public void Conv2DSame3x3OfOnesSumsEachNeighbourhood()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 3, 3, 1);
        int w = b.Constant("w", [1, 3, 3, 1], Enumerable.Repeat(1f, 9).ToArray());
        int bias = b.Constant("b", [1], [0.5f]);
        int y = b.Tensor("out", 1, 3, 3, 1);
        b.Operator(Conv2D, [x, w, bias], [y], Conv2DOptions, ConvOptions(Same, 1, 1));
        b.Output(y);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "conv").Run([[1, 2, 3, 4, 5, 6, 7, 8, 9]])[0];

        // Corner (0,0) sees 1+2+4+5, the centre all nine; +0.5 bias.
        Assert.Equal([12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5, 39.5, 28.5], data);
    }

    [Fact]
    public void Conv2DSameStride2PadsTheOddPixelAfterWithRelu6()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 6, 6, 2);
        float[] filter = Random(3 * 3 * 3 * 2, 1);
        float[] biasValues = [0.1f, -0.2f, 0.3f];
        int w = b.Constant("w", [3, 3, 3, 2], filter);
        int bias = b.Constant("b", [3], biasValues);
        int y = b.Tensor("out", 1, 3, 3, 3);
        b.Operator(Conv2D, [x, w, bias], [y], Conv2DOptions, ConvOptions(Same, 2, 2, Relu6));
        b.Output(y);
        float[] input = Random(72, 2);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "conv").Run([input])[0];

        var expected = NhwcReference.Conv2D(input, [1, 6, 6, 2], filter, [3, 3, 3, 2], biasValues, 2, 2, same: true, activation: v => Math.Clamp(v, 0, 6));
        AssertClose(expected.Data, data, 1e-6);
        var lower = NhwcReference.Conv2D(input, [1, 6, 6, 2], filter, [3, 3, 3, 2], biasValues, 2, 2, same: true, activation: v => Math.Clamp(v, 0, 6), oddPaddingFirst: true);
        Assert.True(lower.Data.Zip(data).Max(p => Math.Abs(p.First - p.Second)) > 0.01);
    }

    [Fact]
    public void GroupedConv2DWithDilationValidAndNoBias()
    {
        // Input 4 channels, filter depth 2: two groups, output channels 0–1 read channels 0–1, 2–3 read 2–3.
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 5, 6, 4);
        float[] filter = Random(4 * 2 * 2 * 2, 3);
        int w = b.Constant("w", [4, 2, 2, 2], filter);
        int y = b.Tensor("out", 1, 3, 4, 4);
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(Valid, 1, 1, dilationW: 2, dilationH: 2));
        b.Output(y);
        float[] input = Random(5 * 6 * 4, 4);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "grouped").Run([input])[0];

        for (int group = 0; group < 2; group++)
        {
            // Each group is an ordinary convolution of its two channels with its two filters.
            float[] part = new float[5 * 6 * 2];
            for (int p = 0; p < 30; p++)
            {
                part[p * 2] = input[p * 4 + group * 2];
                part[p * 2 + 1] = input[p * 4 + group * 2 + 1];
            }

            var expected = NhwcReference.Conv2D(part, [1, 5, 6, 2], filter[(group * 16)..(group * 16 + 16)], [2, 2, 2, 2], null, 1, 1, same: false, 2, 2);
            for (int p = 0; p < 12; p++)
            {
                Assert.Equal(expected.Data[p * 2], data[p * 4 + group * 2], 1e-6);
                Assert.Equal(expected.Data[p * 2 + 1], data[p * 4 + group * 2 + 1], 1e-6);
            }
        }
    }

    [Fact]
    public void DepthwiseConv2DWithMultiplier2SameStride2AndTanh()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 5, 5, 3);
        float[] filter = Random(3 * 3 * 6, 5);
        float[] biasValues = Random(6, 6);
        int w = b.Constant("w", [1, 3, 3, 6], filter);
        int bias = b.Constant("b", [6], biasValues);
        int y = b.Tensor("out", 1, 3, 3, 6);
        b.Operator(DepthwiseConv2D, [x, w, bias], [y], DepthwiseConv2DOptions, DepthwiseOptions(Same, 2, 2, 2, Tanh));
        b.Output(y);
        float[] input = Random(75, 7);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "depthwise").Run([input])[0];

        var expected = NhwcReference.DepthwiseConv2D(input, [1, 5, 5, 3], filter, [1, 3, 3, 6], biasValues, 2, 2, 2, same: true, activation: MathF.Tanh);
        AssertClose(expected.Data, data, 1e-6);
    }

    [Fact]
    public void MaxPool2DSameNeverLetsPaddingWin()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 3, 3, 1);
        int y = b.Tensor("out", 1, 2, 2, 1);
        b.Operator(MaxPool2D, [x], [y], Pool2DOptions, PoolOptions(Same, 2, 2));
        b.Output(y);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "pool").Run([[-9, -8, -7, -6, -5, -4, -3, -2, -1]])[0];

        // All values negative: a zero from padding would win if it counted. Windows {−9,−8,−6,−5}, {−7,−4}, {−3,−2}, {−1}.
        Assert.Equal([-5.0, -4.0, -2.0, -1.0], data);
    }

    [Theory]
    [InlineData(false, false, new[] { 0.0, 2.0, 4.0, 4.0 })]
    [InlineData(true, false, new[] { 0.0, 4.0 / 3, 8.0 / 3, 4.0 })]
    [InlineData(false, true, new[] { 0.0, 1.0, 3.0, 4.0 })]
    public void ResizeBilinearByHandInEachCoordinateMode(bool alignCorners, bool halfPixelCenters, double[] expected)
    {
        // One row [0, 4] to four samples. Asymmetric: x/2 = 0, ½, 1, 1½ (clamped); align corners:
        // x/3 = 0, ⅓, ⅔, 1; half pixel: (x + ½)/2 − ½ = −¼ (clamped), ¼, ¾, 1¼ (clamped).
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 1, 2, 1);
        int size = b.IntConstant("size", [2], [1, 4]);
        int y = b.Tensor("out", 1, 1, 4, 1);
        b.Operator(ResizeBilinear, [x, size], [y], ResizeBilinearOptions, ResizeOptions(alignCorners, halfPixelCenters));
        b.Output(y);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "resize").Run([[0, 4]])[0];

        AssertClose(expected, data, 1e-12);
    }

    [Fact]
    public void ResizeBilinearHalfPixelOnAGridMatchesTflitesReferenceKernel()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 3, 4, 2);
        int size = b.IntConstant("size", [2], [7, 5]);
        int y = b.Tensor("out", 1, 7, 5, 2);
        b.Operator(ResizeBilinear, [x, size], [y], ResizeBilinearOptions, ResizeOptions(false, true));
        b.Output(y);
        float[] input = Random(24, 13);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "resize").Run([input])[0];

        AssertClose(NhwcReference.ResizeBilinear(input, [1, 3, 4, 2], 7, 5, false, true), data, 1e-6);
    }

    [Fact]
    public void AddBroadcastsAPerChannelConstantWithReluThenPadReshapeAndLogistic()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 3);
        int c = b.Constant("per_channel", [3], [10f, -10f, 0.5f]);
        int sum = b.Tensor("sum", 1, 2, 2, 3);
        int paddings = b.IntConstant("paddings", [4, 2], [0, 0, 1, 0, 0, 0, 0, 1]);
        int padded = b.Tensor("padded", 1, 3, 2, 4);
        int flat = b.Tensor("flat", 1, 24);
        int squashed = b.Tensor("squashed", 1, 24);
        b.Operator(Add, [x, c], [sum], AddOptions, ActivationOptions(Relu));
        b.Operator(Pad, [sum, paddings], [padded], PadOptions, NoOptions());
        b.Operator(Reshape, [padded], [flat], ReshapeOptions, NoOptions());
        b.Operator(Logistic, [flat], [squashed]);
        b.Output(sum);
        b.Output(flat);
        b.Output(squashed);

        double[][] outputs = Float64Interpreter.FromBytes(b.Build(), "elementwise").Run([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12]]);

        // Channel 0 +10, channel 1 −10 (RELU clips it), channel 2 +0.5.
        Assert.Equal([11.0, 0, 3.5, 14, 0, 6.5, 17, 0, 9.5, 20, 1, 0], outputs[0]);
        // A zero row on top, a zero channel after each pixel's three; RESHAPE keeps the order.
        Assert.Equal([0.0, 0, 0, 0, 0, 0, 0, 0, 11, 0, 3.5, 0, 14, 0, 6.5, 0, 17, 0, 9.5, 0, 20, 1, 0, 0], outputs[1]);
        Assert.Equal(0.5, outputs[2][0], 1e-15);
        Assert.Equal(1 / (1 + Math.Exp(-11)), outputs[2][8], 1e-15);
    }

    [Fact]
    public void DepthToSpaceAndConcatenationMoveElementsAsTfliteDoes()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 1, 2, 8);
        int spread = b.Tensor("spread", 1, 2, 4, 2);
        int extra = b.Constant("extra", [1, 2, 4, 1], [-1, -2, -3, -4, -5, -6, -7, -8]);
        int joined = b.Tensor("joined", 1, 2, 4, 3);
        b.Operator(DepthToSpace, [x], [spread], DepthToSpaceOptions, BlockOptions(2));
        b.Operator(Concatenation, [spread, extra], [joined], ConcatenationOptions, ConcatOptions(-1));
        b.Output(spread);
        b.Output(joined);

        double[][] outputs = Float64Interpreter.FromBytes(b.Build(), "move").Run([Enumerable.Range(0, 16).Select(i => (float)i).ToArray()]);

        // out[h·2 + i, w·2 + j, c] = in[h, w, (i·2 + j)·2 + c]: the first output row takes channels 0–3 of each input pixel.
        Assert.Equal([0.0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15], outputs[0]);
        Assert.Equal([0.0, 1, -1, 2, 3, -2, 8, 9, -3, 10, 11, -4], outputs[1][..12]);
    }

    [Fact]
    public void DensifiedFloat16WeightsAreWidenedExactly()
    {
        // Filter [4, 1, 1, 4], the input-channel axis in blocks of 2, CSR over blocks (as in the importer's test).
        float[] stored = [1, 2, 3, 4, 5, 6, 7, 0.1f];
        var sparsity = new SparsitySpec([0, 1, 2, 3, 4], [3],
            [new(4), new(1), new(1), new(2, Segments: [0, 1, 2, 4, 4], Indices: [0, 1, 0, 1]), new(2)]);
        float half = (float)(Half)0.1f;
        float[] dense = [1, 2, 0, 0, 0, 0, 3, 4, 5, 6, 7, half, 0, 0, 0, 0];
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 4);
        int sparse = b.HalfConstant("w_sparse", [4, 1, 1, 4], stored, sparsity);
        int w16 = b.Tensor("w16", 4, 1, 1, 4);
        int w = b.Tensor("w32", 4, 1, 1, 4);
        int y = b.Tensor("out", 1, 2, 2, 4);
        b.Operator(Densify, [sparse], [w16], DensifyOptions, NoOptions());
        b.Operator(Dequantize, [w16], [w], DequantizeOptions, NoOptions());
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(Same, 1, 1));
        b.Output(y);
        float[] input = Random(16, 12);

        double[] data = Float64Interpreter.FromBytes(b.Build(), "densify").Run([input])[0];

        // The float16 weight nearest 0.1 is what TFLite multiplies by, not 0.1 itself.
        Assert.Equal(input[0] * 5.0 + input[1] * 6.0 + input[2] * 7.0 + input[3] * (double)half, data[2], 1e-12);
        AssertClose(NhwcReference.Conv2D(input, [1, 2, 2, 4], dense, [4, 1, 1, 4], null, 1, 1, same: true).Data, data, 1e-6);
    }

    [Fact]
    public void AnUnsupportedOperatorIsRefusedByNameOnLoad()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("a", 1, 2);
        int y = b.Tensor("out", 1, 2);
        b.Operator(Mul, [x, x], [y], MulOptions, ActivationOptions(0));
        b.Output(y);

        var e = Assert.Throws<NotSupportedException>(() => Float64Interpreter.FromBytes(b.Build(), "mul"));
        Assert.Contains("MUL", e.Message);
    }

    [Fact]
    public void EveryOperatorOutputIsObservedInExecutionOrder()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 1);
        int c = b.Constant("one", [1], [1f]);
        int sum = b.Tensor("sum", 1, 2, 2, 1);
        int y = b.Tensor("out", 1, 4);
        b.Operator(Add, [x, c], [sum], AddOptions, ActivationOptions(0));
        b.Operator(Reshape, [sum], [y], ReshapeOptions, NoOptions());
        b.Output(y);
        var seen = new List<Float64Tensor>();

        Float64Interpreter.FromBytes(b.Build(), "observed").Run([[1, 2, 3, 4]], seen.Add);

        Assert.Equal(["sum", "out"], seen.Select(t => t.Name));
        Assert.Equal([0, 1], seen.Select(t => t.OperatorIndex));
        Assert.Equal([2.0, 3, 4, 5], seen[0].Values);
    }

    private static float[] Random(int count, int seed)
    {
        // Fixed seeds so a failure reproduces.
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static void AssertClose(IReadOnlyList<float> expected, double[] actual, double tolerance) =>
        AssertClose(expected.Select(v => (double)v).ToArray(), actual, tolerance);

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
