using static RobotEdge.Perception.Tests.ModelImport.TfliteFileBuilder;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>ADD, LOGISTIC, PAD, RESHAPE, RESIZE_BILINEAR, DEPTH_TO_SPACE and CONCATENATION converted and run in ONNX Runtime.</summary>
public sealed class ShapeAndElementwiseImportTests
{
    private const byte Relu = 1;

    [Fact]
    public void Add_broadcasts_a_per_channel_constant_over_nhwc_and_applies_fused_relu()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 3);
        int c = b.Constant("per_channel", [3], [10f, -10f, 0.5f]);
        int y = b.Tensor("out", 1, 2, 2, 3);
        b.Operator(Add, [x, c], [y], AddOptions, ActivationOptions(Relu));
        b.Output(y);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12];

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        // Channel 0 gets +10, channel 1 −10 (clipped at 0 by RELU), channel 2 +0.5.
        Assert.Equal([11, 0, 3.5f, 14, 0, 6.5f, 17, 0, 9.5f, 20, 1, 0], data);
    }

    [Fact]
    public void Add_of_two_computed_tensors_then_logistic()
    {
        var b = new TfliteFileBuilder();
        int x1 = b.Input("a", 1, 1, 2, 2);
        int x2 = b.Input("b", 1, 1, 2, 2);
        int sum = b.Tensor("sum", 1, 1, 2, 2);
        int y = b.Tensor("out", 1, 1, 2, 2);
        b.Operator(Add, [x1, x2], [sum], AddOptions, ActivationOptions(0));
        b.Operator(Logistic, [sum], [y]);
        b.Output(y);

        var (data, _) = ImportedModel.Run(b.Build(), [0, 1, -1, 2], [0, MathF.Log(3) - 1, 1, -2])[0];

        // σ(0) = 1/2, σ(ln 3) = 3/4.
        ImportedModel.AssertClose([0.5f, 0.75f, 0.5f, 0.5f], data, 1e-6f);
    }

    [Fact]
    public void Pad_adds_zeros_per_nhwc_axis_before_and_after()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 2, 2);
        int paddings = b.IntConstant("paddings", [4, 2], [0, 0, 1, 0, 0, 1, 0, 1]);
        int y = b.Tensor("out", 1, 3, 3, 3);
        b.Operator(Pad, [x, paddings], [y], PadOptions, NoOptions());
        b.Output(y);

        var (data, _) = ImportedModel.Run(b.Build(), [1, 2, 3, 4, 5, 6, 7, 8])[0];

        // One zero row on top, one zero column on the right, one zero channel after each pixel's two.
        float[] expected =
        [
            0, 0, 0, 0, 0, 0, 0, 0, 0,
            1, 2, 0, 3, 4, 0, 0, 0, 0,
            5, 6, 0, 7, 8, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, data);
    }

    [Fact]
    public void Reshape_flattens_and_unflattens_in_nhwc_element_order()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 2, 3, 4);
        int flat = b.Tensor("flat", 1, 24);
        int back = b.Tensor("back", 1, 3, 2, 4);
        int grouped = b.Tensor("grouped", 1, 6, 4);
        b.Operator(Reshape, [x], [flat], ReshapeOptions, NoOptions());
        b.Operator(Reshape, [flat], [back], ReshapeOptions, NoOptions());
        b.Operator(Reshape, [back], [grouped], ReshapeOptions, NoOptions());
        b.Output(flat);
        b.Output(back);
        b.Output(grouped);
        float[] input = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();

        var outputs = ImportedModel.Run(b.Build(), input);

        // TFLite's RESHAPE never moves an element: every result lists 0..23 in order.
        Assert.Equal(input, outputs[0].Data);
        Assert.Equal(input, outputs[1].Data);
        Assert.Equal([1, 3, 2, 4], outputs[1].Shape);
        Assert.Equal(input, outputs[2].Data);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ResizeBilinear_matches_tflites_sampling_in_each_coordinate_mode(bool alignCorners, bool halfPixelCenters)
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 3, 4, 2);
        int size = b.IntConstant("size", [2], [7, 5]);
        int y = b.Tensor("out", 1, 7, 5, 2);
        b.Operator(ResizeBilinear, [x, size], [y], ResizeBilinearOptions, ResizeOptions(alignCorners, halfPixelCenters));
        b.Output(y);
        float[] input = ImportedModel.Random(24, 13);

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        ImportedModel.AssertClose(NhwcReference.ResizeBilinear(input, [1, 3, 4, 2], 7, 5, alignCorners, halfPixelCenters), data);
    }

    [Fact]
    public void ResizeBilinear_half_pixel_2x_upsampling_by_hand()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 1, 2, 1);
        int size = b.IntConstant("size", [2], [1, 4]);
        int y = b.Tensor("out", 1, 1, 4, 1);
        b.Operator(ResizeBilinear, [x, size], [y], ResizeBilinearOptions, ResizeOptions(false, true));
        b.Output(y);

        var (data, _) = ImportedModel.Run(b.Build(), [0, 4])[0];

        // Source x = (i + ½)/2 − ½ = −¼, ¼, ¾, 1¼ → clamped to the edge, then 1, 3, and the edge again.
        Assert.Equal([0f, 1f, 3f, 4f], data);
    }

    [Fact]
    public void DepthToSpace_uses_tflites_depth_column_row_order()
    {
        var b = new TfliteFileBuilder();
        int x = b.Input("image", 1, 1, 2, 8);
        int y = b.Tensor("out", 1, 2, 4, 2);
        b.Operator(DepthToSpace, [x], [y], DepthToSpaceOptions, BlockOptions(2));
        b.Output(y);
        float[] input = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();

        var (data, _) = ImportedModel.Run(b.Build(), input)[0];

        // out[h·2 + i, w·2 + j, c] = in[h, w, (i·2 + j)·2 + c].
        var expected = new float[16];
        for (int w = 0; w < 2; w++)
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
        for (int c = 0; c < 2; c++)
        {
            expected[(i * 4 + w * 2 + j) * 2 + c] = input[w * 8 + (i * 2 + j) * 2 + c];
        }

        Assert.Equal(expected, data);
        Assert.Equal([0f, 1f, 2f, 3f, 8f, 9f, 10f, 11f], data[..8]);
    }

    [Fact]
    public void Concatenation_on_the_channel_axis_and_on_a_rank_3_axis()
    {
        var b = new TfliteFileBuilder();
        int x1 = b.Input("a", 1, 2, 1, 1);
        int x2 = b.Input("b", 1, 2, 1, 2);
        int channels = b.Tensor("channels", 1, 2, 1, 3);
        int r1 = b.Tensor("r1", 1, 2, 3);
        int c3 = b.Constant("c3", [1, 1, 3], [-1, -2, -3]);
        int rows = b.Tensor("rows", 1, 3, 3);
        b.Operator(Concatenation, [x1, x2], [channels], ConcatenationOptions, ConcatOptions(-1));
        b.Operator(Reshape, [channels], [r1], ReshapeOptions, NoOptions());
        b.Operator(Concatenation, [r1, c3], [rows], ConcatenationOptions, ConcatOptions(1));
        b.Output(channels);
        b.Output(rows);

        var outputs = ImportedModel.Run(b.Build(), [1, 2], [10, 11, 20, 21]);

        Assert.Equal([1, 10, 11, 2, 20, 21], outputs[0].Data);
        Assert.Equal([1, 10, 11, 2, 20, 21, -1, -2, -3], outputs[1].Data);
    }
}
