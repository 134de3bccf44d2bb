using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.ReferenceCheck.Float64;

/// <summary>Operators that move elements: RESHAPE, CONCATENATION, PAD, DEPTH_TO_SPACE, RESIZE_BILINEAR.</summary>
public sealed partial class Float64Interpreter
{
    /// <summary>RESHAPE: the same row-major elements under the output's declared shape.</summary>
    private double[] Reshape(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        var (x, shape) = Operand(op, 0, values);
        if (x.Length != ElementCount(output.Shape))
        {
            throw new InvalidDataException($"operator #{op.Index} RESHAPE: [{string.Join(',', shape)}] cannot become [{string.Join(',', output.Shape)}]");
        }

        // Operators never write into their inputs, so the array can be shared.
        return x;
    }

    /// <summary>CONCATENATION along TFLite's axis (negative counts from the end), then the fused activation.</summary>
    private double[] Concatenation(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        FlatTable o = Options(op);
        TfliteActivation activation = ActivationOf(op, o.GetByte(TfliteSchema.ConcatenationOptions.FusedActivation));
        int[] shape = output.Shape;
        int axis = o.GetInt(TfliteSchema.ConcatenationOptions.Axis);
        axis = axis < 0 ? axis + shape.Length : axis;
        if (axis < 0 || axis >= shape.Length)
        {
            throw new InvalidDataException($"operator #{op.Index} CONCATENATION: axis {o.GetInt(TfliteSchema.ConcatenationOptions.Axis)} outside rank {shape.Length}");
        }

        int outer = ElementCount(shape[..axis]), inner = ElementCount(shape[(axis + 1)..]);
        var parts = new (double[] Data, int Chunk)[op.Inputs.Length];
        int total = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var (data, partShape) = Operand(op, i, values);
            if (partShape.Length != shape.Length)
            {
                throw new InvalidDataException($"operator #{op.Index} CONCATENATION: input {i} has a rank other than the output's {shape.Length}");
            }

            parts[i] = (data, partShape[axis] * inner);
            total += partShape[axis];
        }

        if (total != shape[axis])
        {
            throw new InvalidDataException($"operator #{op.Index} CONCATENATION: the inputs add up to {total} along axis {axis}, the output has {shape[axis]}");
        }

        var result = new double[outer * shape[axis] * inner];
        int position = 0;
        for (int block = 0; block < outer; block++)
        {
            foreach (var (data, chunk) in parts)
            {
                data.AsSpan(block * chunk, chunk).CopyTo(result.AsSpan(position));
                position += chunk;
            }
        }

        Activate(result, activation);
        return result;
    }

    /// <summary>PAD with zeros; paddings [rank, 2] hold (before, after) per axis.</summary>
    private double[] Pad(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        var (x, shape) = Operand(op, 0, values);
        long[] paddings = IntegerOperand(op, 1);
        int rank = shape.Length;
        if (paddings.Length != rank * 2)
        {
            throw new InvalidDataException($"operator #{op.Index} PAD: {paddings.Length} padding values for rank {rank}");
        }

        var padded = new int[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            if (paddings[axis * 2] < 0 || paddings[axis * 2 + 1] < 0)
            {
                throw new NotSupportedException($"operator #{op.Index} PAD: negative padding");
            }

            padded[axis] = shape[axis] + (int)(paddings[axis * 2] + paddings[axis * 2 + 1]);
        }

        CheckShape(op, output, padded);
        var result = new double[ElementCount(padded)];
        for (int i = 0; i < x.Length; i++)
        {
            int rest = i, target = 0, stride = 1;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                int coordinate = rest % shape[axis];
                rest /= shape[axis];
                target += (coordinate + (int)paddings[axis * 2]) * stride;
                stride *= padded[axis];
            }

            result[target] = x[i];
        }

        return result;
    }

    /// <summary>DEPTH_TO_SPACE: out[b, h·s + i, w·s + j, c] = in[b, h, w, (i·s + j)·C_out + c].</summary>
    private double[] DepthToSpace(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        int block = Options(op).GetInt(TfliteSchema.DepthToSpaceOptions.BlockSize);
        var (x, shape) = Rank4Operand(op, values);
        int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
        if (block < 1 || c % (block * block) != 0)
        {
            throw new InvalidDataException($"operator #{op.Index} DEPTH_TO_SPACE: block size {block} does not divide {c} channels");
        }

        int outC = c / (block * block), outH = h * block, outW = w * block;
        CheckShape(op, output, [n, outH, outW, outC]);
        var result = new double[x.Length];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        for (int xo = 0; xo < outW; xo++)
        {
            int source = ((b * h + y / block) * w + xo / block) * c + ((y % block) * block + xo % block) * outC;
            x.AsSpan(source, outC).CopyTo(result.AsSpan(((b * outH + y) * outW + xo) * outC));
        }

        return result;
    }

    /// <summary>
    /// RESIZE_BILINEAR to the output's declared size, as TFLite's reference kernel defines it:
    /// scale = in/out (align_corners: (in − 1)/(out − 1)); source coordinate v = x·scale, or
    /// (x + ½)·scale − ½ with half_pixel_centers; neighbours max(⌊v⌋, 0) and min(⌈v⌉, in − 1);
    /// weights from v − max(⌊v⌋, 0). Scales and weights in double.
    /// </summary>
    private double[] ResizeBilinear(TfliteOperator op, TfliteTensor output, Dictionary<int, double[]> values)
    {
        FlatTable o = Options(op);
        bool alignCorners = o.GetBool(TfliteSchema.ResizeBilinearOptions.AlignCorners);
        bool halfPixel = o.GetBool(TfliteSchema.ResizeBilinearOptions.HalfPixelCenters);
        if (alignCorners && halfPixel)
        {
            throw new NotSupportedException($"operator #{op.Index} RESIZE_BILINEAR: align_corners and half_pixel_centers are both set");
        }

        var (x, shape) = Rank4Operand(op, values);
        int n = shape[0], h = shape[1], w = shape[2], c = shape[3];
        int outH = output.Shape.Length == 4 ? output.Shape[1] : -1, outW = output.Shape.Length == 4 ? output.Shape[2] : -1;
        CheckShape(op, output, [n, outH, outW, c]);
        double scaleY = alignCorners && outH > 1 ? (h - 1.0) / (outH - 1) : (double)h / outH;
        double scaleX = alignCorners && outW > 1 ? (w - 1.0) / (outW - 1) : (double)w / outW;

        var result = new double[n * outH * outW * c];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        {
            var (dy, y0, y1) = Source(y, scaleY, halfPixel, h);
            for (int xo = 0; xo < outW; xo++)
            {
                var (dx, x0, x1) = Source(xo, scaleX, halfPixel, w);
                int target = ((b * outH + y) * outW + xo) * c;
                int p00 = ((b * h + y0) * w + x0) * c, p01 = ((b * h + y0) * w + x1) * c;
                int p10 = ((b * h + y1) * w + x0) * c, p11 = ((b * h + y1) * w + x1) * c;
                for (int ch = 0; ch < c; ch++)
                {
                    result[target + ch] = x[p00 + ch] * (1 - dy) * (1 - dx) + x[p10 + ch] * dy * (1 - dx)
                        + x[p01 + ch] * (1 - dy) * dx + x[p11 + ch] * dy * dx;
                }
            }
        }

        return result;
    }

    /// <summary>TFLite's interpolation values for output index <paramref name="index"/>: the weight of the upper neighbour and both neighbours.</summary>
    private static (double Fraction, int Lower, int Upper) Source(int index, double scale, bool halfPixelCenters, int size)
    {
        double scaled = halfPixelCenters ? (index + 0.5) * scale - 0.5 : index * scale;
        int lower = Math.Max((int)Math.Floor(scaled), 0);
        int upper = Math.Min((int)Math.Ceiling(scaled), size - 1);
        return (scaled - lower, lower, upper);
    }
}
