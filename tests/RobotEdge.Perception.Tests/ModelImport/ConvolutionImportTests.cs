using static RobotEdge.Perception.Tests.ModelImport.TfliteFileBuilder;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D, MAX_POOL_2D, DEQUANTIZE and DENSIFY converted and run in ONNX Runtime.</summary>
public sealed class ConvolutionImportTests
{
    private const byte Same = 0, Valid = 1;
    private const byte Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5;

    [Fact]
    public void Conv2D_same_3x3_of_ones_sums_each_neighbourhood_by_hand()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 3, 3, 1);
        int w = b.Constant("w", [1, 3, 3, 1], Enumerable.Repeat(1f, 9).ToArray());
        int bias = b.Constant("b", [1], [0.5f]);
        int y = b.Tensor("out", 1, 3, 3, 1);
        b.Operator(Conv2D, [x, w, bias], [y], Conv2DOptions, ConvOptions(Same, 1, 1));
        b.Output(y);

        var (data, shape) = ImportedModel.Run(b.Build(), [1, 2, 3, 4, 5, 6, 7, 8, 9])[0];

        Assert.Equal([1, 3, 3, 1], shape);
        // Row-major 3×3 image 1..9: corner (0,0) sees 1+2+4+5, the centre sees all nine; +0.5 bias.
        Assert.Equal([12.5f, 21.5f, 16.5f, 27.5f, 45.5f, 33.5f, 24.5f, 39.5f, 28.5f], data);
    }

    [Fact]
    public void Conv2D_same_stride_2_pads_the_odd_pixel_at_the_end_like_tflite()
    {
        // 6 wide, stride 2, kernel 3: TFLite pads 0 before and 1 after (ONNX SAME_LOWER would pad 1 before).
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 6, 6, 2);
        float[] filter = ImportedModel.Random(3 * 3 * 3 * 2, 1);
        float[] biasValues = [0.1f, -0.2f, 0.3f];
        int w = b.Constant("w", [3, 3, 3, 2], filter);
        int bias = b.Constant("b", [3], biasValues);
        int y = b.Tensor("out", 1, 3, 3, 3);
        b.Operator(Conv2D, [x, w, bias], [y], Conv2DOptions, ConvOptions(Same, 2, 2, Relu6));
        b.Output(y);
        float[] input = ImportedModel.Random(72, 2);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        var expected = NhwcReference.Conv2D(input, [1, 6, 6, 2], filter, [3, 3, 3, 2], biasValues, 2, 2, same: true, activation: v => Math.Clamp(v, 0, 6));
        ImportedModel.AssertClose(expected.Data, data);
        // The placement matters: padding the odd pixel first gives a measurably different answer.
        var lower = NhwcReference.Conv2D(input, [1, 6, 6, 2], filter, [3, 3, 3, 2], biasValues, 2, 2, same: true, activation: v => Math.Clamp(v, 0, 6), oddPaddingFirst: true);
        Assert.True(lower.Data.Zip(data).Max(p => Math.Abs(p.First - p.Second)) > 0.01f);
    }

    [Fact]
    public void Conv2D_valid_with_dilation_and_relu_n1_to_1_and_no_bias()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 7, 8, 3);
        float[] filter = ImportedModel.Random(4 * 2 * 3 * 3, 3);
        int w = b.Constant("w", [4, 2, 3, 3], filter);
        int y = b.Tensor("out", 1, 5, 4, 4);
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(Valid, 1, 1, ReluN1To1, dilationW: 2, dilationH: 2));
        b.Output(y);
        float[] input = ImportedModel.Random(7 * 8 * 3, 4);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        var expected = NhwcReference.Conv2D(input, [1, 7, 8, 3], filter, [4, 2, 3, 3], null, 1, 1, same: false, 2, 2, v => Math.Clamp(v, -1, 1));
        ImportedModel.AssertClose(expected.Data, data);
    }

    [Fact]
    public void DepthwiseConv2D_with_multiplier_2_same_stride_2_and_tanh()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 5, 5, 3);
        float[] filter = ImportedModel.Random(3 * 3 * 6, 5);
        float[] biasValues = ImportedModel.Random(6, 6);
        int w = b.Constant("w", [1, 3, 3, 6], filter);
        int bias = b.Constant("b", [6], biasValues);
        int y = b.Tensor("out", 1, 3, 3, 6);
        b.Operator(DepthwiseConv2D, [x, w, bias], [y], DepthwiseConv2DOptions, DepthwiseOptions(Same, 2, 2, 2, Tanh));
        b.Output(y);
        float[] input = ImportedModel.Random(75, 7);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        var expected = NhwcReference.DepthwiseConv2D(input, [1, 5, 5, 3], filter, [1, 3, 3, 6], biasValues, 2, 2, 2, same: true, MathF.Tanh);
        ImportedModel.AssertClose(expected.Data, data);
    }

    [Fact]
    public void MaxPool2D_same_never_lets_padding_win_over_negative_values()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 5, 5, 2);
        int y = b.Tensor("out", 1, 3, 3, 2);
        b.Operator(MaxPool2D, [x], [y], Pool2DOptions, PoolOptions(Same, 2, 3));
        b.Output(y);
        float[] input = ImportedModel.Random(50, 8).Select(v => v - 2f).ToArray();   // all in [−3, −1)

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        ImportedModel.AssertClose(NhwcReference.MaxPool(input, [1, 5, 5, 2], 3, 2, same: true).Data, data, 0f);
        Assert.All(data, v => Assert.True(v < -0.9f));
    }

    [Fact]
    public void MaxPool2D_valid_with_fused_relu()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 4, 6, 1);
        int y = b.Tensor("out", 1, 2, 3, 1);
        b.Operator(MaxPool2D, [x], [y], Pool2DOptions, PoolOptions(Valid, 2, 2, Relu));
        b.Output(y);
        float[] input = ImportedModel.Random(24, 9);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        var expected = NhwcReference.MaxPool(input, [1, 4, 6, 1], 2, 2, same: false).Data.Select(v => Math.Max(v, 0)).ToArray();
        ImportedModel.AssertClose(expected, data, 0f);
    }

    [Fact]
    public void Dequantize_of_float16_weights_feeds_the_convolution_with_the_half_precision_values()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 4, 4, 2);
        float[] filter = ImportedModel.Random(2 * 2 * 2 * 2, 10);
        int half = b.HalfConstant("w16", [2, 2, 2, 2], filter);
        int w = b.Tensor("w32", 2, 2, 2, 2);
        int y = b.Tensor("out", 1, 2, 2, 2);
        b.Operator(Dequantize, [half], [w], DequantizeOptions, NoOptions());
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(Valid, 2, 2));
        b.Output(y);
        float[] input = ImportedModel.Random(32, 11);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        float[] rounded = filter.Select(v => (float)(Half)v).ToArray();
        ImportedModel.AssertClose(NhwcReference.Conv2D(input, [1, 4, 4, 2], rounded, [2, 2, 2, 2], null, 2, 2, same: false).Data, data);
    }

    [Fact]
    public void Densify_expands_block_sparse_float16_weights_as_tflite_lays_them_out()
    {
        // Filter [4, 1, 1, 4] (O, KH, KW, I), the input-channel axis cut into blocks of 2, CSR over blocks:
        // row 0 keeps block 0, row 1 block 1, row 2 both, row 3 none. Stored values v0..v7 in that order.
        float[] stored = [1, 2, 3, 4, 5, 6, 7, 8];
        var sparsity = new SparsitySpec(
            TraversalOrder: [0, 1, 2, 3, 4],
            BlockMap: [3],
            Dimensions: [new(4), new(1), new(1), new(2, Segments: [0, 1, 2, 4, 4], Indices: [0, 1, 0, 1]), new(2)]);
        float[] dense =
        [
            1, 2, 0, 0,
            0, 0, 3, 4,
            5, 6, 7, 8,
            0, 0, 0, 0,
        ];
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
        float[] input = ImportedModel.Random(16, 12);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        ImportedModel.AssertClose(NhwcReference.Conv2D(input, [1, 2, 2, 4], dense, [4, 1, 1, 4], null, 1, 1, same: true).Data, data);
        Assert.Equal(0f, data[3]);   // output channel 3 has no weights at all
    }

    [Fact]
    public void Fused_sign_bit_activation_is_refused_by_name()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 1);
        int w = b.Constant("w", [1, 1, 1, 1], [1f]);
        int y = b.Tensor("out", 1, 2, 2, 1);
        b.Operator(Conv2D, [x, w, -1], [y], Conv2DOptions, ConvOptions(Same, 1, 1, SignBit));
        b.Output(y);

        var e = Assert.Throws<NotSupportedException>(() => RobotEdge.Perception.ModelImport.TfliteImporter.Convert(b.Build(), out _));
        Assert.Contains("CONV_2D", e.Message);
        Assert.Contains("SIGN_BIT", e.Message);
    }
}
