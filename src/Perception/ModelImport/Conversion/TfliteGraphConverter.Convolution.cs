using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D and MAX_POOL_2D: weights re-laid for ONNX, TFLite's padding made explicit.</summary>
internal sealed partial class TfliteGraphConverter
{
    /// <summary>CONV_2D: filter [O, KH, KW, I] → ONNX [O, I, KH, KW]; I smaller than the input's channels means groups.</summary>
    private void ConvertConv2D(TfliteOperator op)
    {
        var o = Options(op);
        var padding = ReadPadding(op, o.GetByte(TfliteSchema.Conv2DOptions.Padding));
        int strideW = o.GetInt(TfliteSchema.Conv2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.Conv2DOptions.StrideH);
        int dilationW = o.GetInt(TfliteSchema.Conv2DOptions.DilationW, 1), dilationH = o.GetInt(TfliteSchema.Conv2DOptions.DilationH, 1);
        var activation = ReadActivation(op, o.GetByte(TfliteSchema.Conv2DOptions.FusedActivation));

        int[] inShape = Rank4Input(op);
        var filter = ConstantInput(op, 1, "filter");
        if (filter.Shape.Length != 4)
        {
            throw new InvalidDataException($"operator #{op.Index} CONV_2D: filter has rank {filter.Shape.Length}, expected 4");
        }

        int outC = filter.Shape[0], kh = filter.Shape[1], kw = filter.Shape[2], inCPerGroup = filter.Shape[3];
        if (inCPerGroup <= 0 || inShape[3] % inCPerGroup != 0)
        {
            throw new InvalidDataException($"operator #{op.Index} CONV_2D: filter depth {inCPerGroup} does not divide the input's {inShape[3]} channels");
        }

        float[] weights = filter.RequireFloats("CONV_2D filter");
        var onnxWeights = new float[weights.Length];
        for (int oc = 0; oc < outC; oc++)
        {
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    for (int ic = 0; ic < inCPerGroup; ic++)
                    {
                        onnxWeights[((oc * inCPerGroup + ic) * kh + y) * kw + x] = weights[((oc * kh + y) * kw + x) * inCPerGroup + ic];
                    }
                }
            }
        }

        EmitConvolution(op, inShape, onnxWeights, [outC, inCPerGroup, kh, kw], inShape[3] / inCPerGroup, outC,
            padding, strideH, strideW, dilationH, dilationW, activation);
    }

    /// <summary>
    /// DEPTHWISE_CONV_2D: filter [1, KH, KW, C·M] where output channel c·M + m reads input channel c;
    /// ONNX: a grouped Conv with group = C and weights [C·M, 1, KH, KW].
    /// </summary>
    private void ConvertDepthwiseConv2D(TfliteOperator op)
    {
        var o = Options(op);
        var padding = ReadPadding(op, o.GetByte(TfliteSchema.DepthwiseConv2DOptions.Padding));
        int strideW = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.StrideH);
        int dilationW = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.DilationW, 1), dilationH = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.DilationH, 1);
        var activation = ReadActivation(op, o.GetByte(TfliteSchema.DepthwiseConv2DOptions.FusedActivation));

        int[] inShape = Rank4Input(op);
        var filter = ConstantInput(op, 1, "filter");
        if (filter.Shape.Length != 4 || filter.Shape[0] != 1)
        {
            throw new InvalidDataException($"operator #{op.Index} DEPTHWISE_CONV_2D: filter shape [{string.Join(',', filter.Shape)}], expected [1, KH, KW, C·M]");
        }

        int kh = filter.Shape[1], kw = filter.Shape[2], outC = filter.Shape[3], inC = inShape[3];
        if (outC % inC != 0)
        {
            throw new InvalidDataException($"operator #{op.Index} DEPTHWISE_CONV_2D: {outC} output channels are not a multiple of the input's {inC}");
        }

        float[] weights = filter.RequireFloats("DEPTHWISE_CONV_2D filter");
        var onnxWeights = new float[weights.Length];
        for (int oc = 0; oc < outC; oc++)
        {
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    onnxWeights[(oc * kh + y) * kw + x] = weights[(y * kw + x) * outC + oc];
                }
            }
        }

        EmitConvolution(op, inShape, onnxWeights, [outC, 1, kh, kw], inC, outC,
            padding, strideH, strideW, dilationH, dilationW, activation);
    }

    private void EmitConvolution(
        TfliteOperator op, int[] inShape, float[] onnxWeights, int[] weightShape, int group, int outC,
        TflitePadding padding, int strideH, int strideW, int dilationH, int dilationW, TfliteActivation activation)
    {
        var output = SingleOutput(op);
        var (padTop, padBottom, outH) = Pads(op, padding, inShape[1], weightShape[2], strideH, dilationH);
        var (padLeft, padRight, outW) = Pads(op, padding, inShape[2], weightShape[3], strideW, dilationW);
        CheckOutputShape(op, output, [inShape[0], outH, outW, outC]);

        var inputs = new List<string>
        {
            Input(op, 0),
            AddFloatInitializer($"#{op.Index}/weights", onnxWeights, weightShape),
        };
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0)
        {
            float[] bias = ConstantInput(op, 2, "bias").RequireFloats($"{op.Name} bias");
            if (bias.Length != outC)
            {
                throw new InvalidDataException($"operator #{op.Index} {op.Name}: bias has {bias.Length} values for {outC} output channels");
            }

            inputs.Add(AddFloatInitializer($"#{op.Index}/bias", bias, [outC]));
        }

        string convOut = ActivationTarget(output, activation);
        Emit("Conv", [.. inputs], convOut,
            OnnxGraph.Ints("kernel_shape", weightShape[2], weightShape[3]),
            OnnxGraph.Ints("strides", strideH, strideW),
            OnnxGraph.Ints("dilations", dilationH, dilationW),
            OnnxGraph.Ints("pads", padTop, padLeft, padBottom, padRight),
            OnnxGraph.Int("group", group));
        FinishActivation(output, convOut, activation);
    }

    /// <summary>MAX_POOL_2D: an ONNX MaxPool; padded cells never win, as in TFLite, which skips them.</summary>
    private void ConvertMaxPool2D(TfliteOperator op)
    {
        var o = Options(op);
        var padding = ReadPadding(op, o.GetByte(TfliteSchema.Pool2DOptions.Padding));
        int strideW = o.GetInt(TfliteSchema.Pool2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.Pool2DOptions.StrideH);
        int kw = o.GetInt(TfliteSchema.Pool2DOptions.FilterWidth), kh = o.GetInt(TfliteSchema.Pool2DOptions.FilterHeight);
        var activation = ReadActivation(op, o.GetByte(TfliteSchema.Pool2DOptions.FusedActivation));

        int[] inShape = Rank4Input(op);
        var output = SingleOutput(op);
        var (padTop, padBottom, outH) = Pads(op, padding, inShape[1], kh, strideH, 1);
        var (padLeft, padRight, outW) = Pads(op, padding, inShape[2], kw, strideW, 1);
        CheckOutputShape(op, output, [inShape[0], outH, outW, inShape[3]]);

        string poolOut = ActivationTarget(output, activation);
        Emit("MaxPool", [Input(op, 0)], poolOut,
            OnnxGraph.Ints("kernel_shape", kh, kw),
            OnnxGraph.Ints("strides", strideH, strideW),
            OnnxGraph.Ints("pads", padTop, padLeft, padBottom, padRight));
        FinishActivation(output, poolOut, activation);
    }

    /// <summary>
    /// TFLite's padding along one spatial axis. SAME: output ceil(in / stride), total padding
    /// max((out − 1)·stride + (k − 1)·dilation + 1 − in, 0), the smaller half before and the odd
    /// pixel after. VALID: no padding, output ceil((in − (k − 1)·dilation) / stride).
    /// </summary>
    private static (int Before, int After, int Output) Pads(TfliteOperator op, TflitePadding padding, int input, int kernel, int stride, int dilation)
    {
        if (stride < 1 || dilation < 1 || kernel < 1)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name}: stride {stride}, dilation {dilation} and kernel {kernel} must be at least 1");
        }

        int effectiveKernel = (kernel - 1) * dilation + 1;
        if (padding == TflitePadding.Valid)
        {
            int valid = (input - effectiveKernel + stride) / stride;
            return (0, 0, valid);
        }

        int output = (input + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + effectiveKernel - input, 0);
        return (total / 2, total - total / 2, output);
    }

    private static TflitePadding ReadPadding(TfliteOperator op, byte value) => value switch
    {
        (byte)TflitePadding.Same => TflitePadding.Same,
        (byte)TflitePadding.Valid => TflitePadding.Valid,
        _ => throw Unsupported(op, $"padding mode {value} is not SAME (0) or VALID (1)"),
    };

    /// <summary>Input 0 of <paramref name="op"/>, required to be a rank-4 (NHWC) tensor; returns its TFLite shape.</summary>
    private int[] Rank4Input(TfliteOperator op)
    {
        int[] shape = model.Tensors[InputIndex(op, 0)].Shape;
        if (shape.Length != 4)
        {
            throw Unsupported(op, $"input of rank {shape.Length}; only rank-4 NHWC images are supported");
        }

        return shape;
    }

    private static void CheckOutputShape(TfliteOperator op, TfliteTensor output, int[] computed)
    {
        if (!output.Shape.AsSpan().SequenceEqual(computed))
        {
            throw new InvalidDataException(
                $"operator #{op.Index} {op.Name}: output '{output.Name}' is declared [{string.Join(',', output.Shape)}] but TFLite's rules give [{string.Join(',', computed)}]");
        }
    }
}
