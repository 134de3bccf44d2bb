using System.Numerics.Tensors;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.ReferenceCheck.Float64;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D and MAX_POOL_2D in NHWC, as TFLite's reference kernels define them.</summary>
public sealed partial class Float64Interpreter
{
    /// <summary>
    /// CONV_2D: out[b,y,x,o] = bias[o] + Σ in[b, y·s − pad + ky·d, x·s − pad + kx·d, g·I + i] · filter[o,ky,kx,i]
    /// over the cells inside the image, where the filter is [O, KH, KW, I] and output channel o
    /// belongs to group g = o / (O / groups), groups = C / I.
    /// </summary>
    private double[] Conv2D(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        FlatTable o = Options(op);
        byte padding = o.GetByte(TfliteSchema.Conv2DOptions.Padding);
        int strideW = o.GetInt(TfliteSchema.Conv2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.Conv2DOptions.StrideH);
        int dilationW = o.GetInt(TfliteSchema.Conv2DOptions.DilationW, 1), dilationH = o.GetInt(TfliteSchema.Conv2DOptions.DilationH, 1);
        TfliteActivation activation = ActivationOf(op, o.GetByte(TfliteSchema.Conv2DOptions.FusedActivation));

        var (input, inShape) = Rank4Operand(op, values);
        var (filter, filterShape) = Operand(op, 1, values);
        double[]? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? Operand(op, 2, values).Data : null;
        if (filterShape.Length != 4)
        {
            throw new InvalidDataException($"operator #{op.Index} CONV_2D: filter has rank {filterShape.Length}, expected 4");
        }

        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        int outC = filterShape[0], kh = filterShape[1], kw = filterShape[2], depth = filterShape[3];
        if (depth <= 0 || c % depth != 0 || outC % (c / depth) != 0 || (bias is not null && bias.Length != outC))
        {
            throw new InvalidDataException($"operator #{op.Index} CONV_2D: filter [{string.Join(',', filterShape)}] does not fit an input of {c} channels (or its bias)");
        }

        int perGroup = outC / (c / depth);
        var (outH, padTop) = Geometry(op, padding, h, kh, strideH, dilationH);
        var (outW, padLeft) = Geometry(op, padding, w, kw, strideW, dilationW);
        CheckShape(op, output, [n, outH, outW, outC]);

        var result = new double[n * outH * outW * outC];
        Parallel.For(0, n * outH, row =>
        {
            int b = row / outH, y = row % outH;
            for (int x = 0; x < outW; x++)
            {
                Span<double> sums = result.AsSpan((row * outW + x) * outC, outC);
                bias?.CopyTo(sums);
                for (int ky = 0; ky < kh; ky++)
                {
                    int iy = y * strideH - padTop + ky * dilationH;
                    if (iy < 0 || iy >= h)
                    {
                        continue;
                    }

                    for (int kx = 0; kx < kw; kx++)
                    {
                        int ix = x * strideW - padLeft + kx * dilationW;
                        if (ix < 0 || ix >= w)
                        {
                            continue;
                        }

                        ReadOnlySpan<double> pixel = input.AsSpan(((b * h + iy) * w + ix) * c, c);
                        for (int oc = 0; oc < outC; oc++)
                        {
                            sums[oc] += TensorPrimitives.Dot(pixel.Slice(oc / perGroup * depth, depth), filter.AsSpan(((oc * kh + ky) * kw + kx) * depth, depth));
                        }
                    }
                }

                Activate(sums, activation);
            }
        });
        return result;
    }

    /// <summary>
    /// DEPTHWISE_CONV_2D: filter [1, KH, KW, C·M]; output channel c·M + m = bias + Σ in[…, c] · filter[0, ky, kx, c·M + m]
    /// over the cells inside the image (M = output channels / input channels, as TFLite derives it).
    /// </summary>
    private double[] DepthwiseConv2D(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        FlatTable o = Options(op);
        byte padding = o.GetByte(TfliteSchema.DepthwiseConv2DOptions.Padding);
        int strideW = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.StrideH);
        int dilationW = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.DilationW, 1), dilationH = o.GetInt(TfliteSchema.DepthwiseConv2DOptions.DilationH, 1);
        TfliteActivation activation = ActivationOf(op, o.GetByte(TfliteSchema.DepthwiseConv2DOptions.FusedActivation));

        var (input, inShape) = Rank4Operand(op, values);
        var (filter, filterShape) = Operand(op, 1, values);
        double[]? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? Operand(op, 2, values).Data : null;
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        if (filterShape.Length != 4 || filterShape[0] != 1 || filterShape[3] % c != 0 || (bias is not null && bias.Length != filterShape[3]))
        {
            throw new InvalidDataException($"operator #{op.Index} DEPTHWISE_CONV_2D: filter [{string.Join(',', filterShape)}] does not fit an input of {c} channels (or its bias)");
        }

        int kh = filterShape[1], kw = filterShape[2], outC = filterShape[3], multiplier = outC / c;
        var (outH, padTop) = Geometry(op, padding, h, kh, strideH, dilationH);
        var (outW, padLeft) = Geometry(op, padding, w, kw, strideW, dilationW);
        CheckShape(op, output, [n, outH, outW, outC]);

        var result = new double[n * outH * outW * outC];
        Parallel.For(0, n * outH, row =>
        {
            int b = row / outH, y = row % outH;
            for (int x = 0; x < outW; x++)
            {
                Span<double> sums = result.AsSpan((row * outW + x) * outC, outC);
                bias?.CopyTo(sums);
                for (int ky = 0; ky < kh; ky++)
                {
                    int iy = y * strideH - padTop + ky * dilationH;
                    if (iy < 0 || iy >= h)
                    {
                        continue;
                    }

                    for (int kx = 0; kx < kw; kx++)
                    {
                        int ix = x * strideW - padLeft + kx * dilationW;
                        if (ix < 0 || ix >= w)
                        {
                            continue;
                        }

                        ReadOnlySpan<double> pixel = input.AsSpan(((b * h + iy) * w + ix) * c, c);
                        ReadOnlySpan<double> weights = filter.AsSpan((ky * kw + kx) * outC, outC);
                        for (int oc = 0; oc < outC; oc++)
                        {
                            sums[oc] += pixel[oc / multiplier] * weights[oc];
                        }
                    }
                }

                Activate(sums, activation);
            }
        });
        return result;
    }

    /// <summary>MAX_POOL_2D: the largest of the window's cells that lie inside the image (TFLite skips padded cells).</summary>
    private double[] MaxPool2D(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        FlatTable o = Options(op);
        byte padding = o.GetByte(TfliteSchema.Pool2DOptions.Padding);
        int strideW = o.GetInt(TfliteSchema.Pool2DOptions.StrideW), strideH = o.GetInt(TfliteSchema.Pool2DOptions.StrideH);
        int kw = o.GetInt(TfliteSchema.Pool2DOptions.FilterWidth), kh = o.GetInt(TfliteSchema.Pool2DOptions.FilterHeight);
        TfliteActivation activation = ActivationOf(op, o.GetByte(TfliteSchema.Pool2DOptions.FusedActivation));

        var (input, inShape) = Rank4Operand(op, values);
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        var (outH, padTop) = Geometry(op, padding, h, kh, strideH, 1);
        var (outW, padLeft) = Geometry(op, padding, w, kw, strideW, 1);
        CheckShape(op, output, [n, outH, outW, c]);

        var result = new double[n * outH * outW * c];
        for (int row = 0; row < n * outH; row++)
        {
            int b = row / outH, y = row % outH;
            for (int x = 0; x < outW; x++)
            {
                Span<double> maxima = result.AsSpan((row * outW + x) * c, c);
                maxima.Fill(double.NegativeInfinity);
                for (int ky = 0; ky < kh; ky++)
                {
                    int iy = y * strideH - padTop + ky;
                    if (iy < 0 || iy >= h)
                    {
                        continue;
                    }

                    for (int kx = 0; kx < kw; kx++)
                    {
                        int ix = x * strideW - padLeft + kx;
                        if (ix < 0 || ix >= w)
                        {
                            continue;
                        }

                        ReadOnlySpan<double> pixel = input.AsSpan(((b * h + iy) * w + ix) * c, c);
                        for (int ch = 0; ch < c; ch++)
                        {
                            maxima[ch] = Math.Max(maxima[ch], pixel[ch]);
                        }
                    }
                }

                Activate(maxima, activation);
            }
        }

        return result;
    }

    /// <summary>
    /// TFLite's output size and padding before the first cell along one axis. SAME: output
    /// ceil(in / stride), total padding max((out − 1)·stride + (k − 1)·dilation + 1 − in, 0), the
    /// smaller half before (the odd cell goes after). VALID: no padding, output
    /// ceil((in − (k − 1)·dilation) / stride).
    /// </summary>
    private static (int Output, int PadBefore) Geometry(TfliteOperator op, byte padding, int input, int kernel, int stride, int dilation)
    {
        if (stride < 1 || dilation < 1 || kernel < 1)
        {
            throw new InvalidDataException($"operator #{op.Index} {op.Name}: stride {stride}, dilation {dilation} and kernel {kernel} must be at least 1");
        }

        int effective = (kernel - 1) * dilation + 1;
        switch (padding)
        {
            case 1:
                return ((input - effective + stride) / stride, 0);
            case 0:
                int output = (input + stride - 1) / stride;
                int total = Math.Max((output - 1) * stride + effective - input, 0);
                return (output, total / 2);
            default:
                throw new NotSupportedException($"operator #{op.Index} {op.Name}: padding mode {padding} is not SAME (0) or VALID (1)");
        }
    }

    /// <summary>Input 0 of <paramref name="op"/>, required to be rank 4 (NHWC).</summary>
    private (double[] Data, int[] Shape) Rank4Operand(TfliteOperator op, Dictionary<int, double[]> values)
    {
        var operand = Operand(op, 0, values);
        return operand.Shape.Length == 4
            ? operand
            : throw new NotSupportedException($"operator #{op.Index} {op.Name}: input of rank {operand.Shape.Length}; only rank-4 NHWC images are supported");
    }
}
