using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.ModelImport.Tflite;

namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>Operators that move elements: RESHAPE, CONCATENATION, PAD, DEPTH_TO_SPACE, RESIZE_BILINEAR.</summary>
internal sealed partial class TfliteGraphConverter
{
    /// <summary>
    /// RESHAPE in TFLite's element order: a rank-4 input is first brought back to NHWC order, and a
    /// rank-4 result is taken from NHWC order to NCHW (each step only where the order really differs).
    /// The target shape is the output tensor's declared shape.
    /// </summary>
    private void ConvertReshape(TfliteOperator op)
    {
        int t = InputIndex(op, 0);
        int[] inShape = model.Tensors[t].Shape;
        var output = SingleOutput(op);
        int[] outShape = output.Shape;
        long inCount = model.Tensors[t].ElementCount, outCount = output.ElementCount;
        if (inCount != outCount || Array.Exists(outShape, d => d <= 0))
        {
            throw new InvalidDataException($"operator #{op.Index} RESHAPE: [{string.Join(',', inShape)}] cannot become [{string.Join(',', outShape)}]");
        }

        string x = Input(op, 0);
        if (inShape.Length == 4 && !Layout.KeepsElementOrder(Layout.ToNchw(inShape), Layout.NchwToNhwc))
        {
            x = Emit("Transpose", [x], $"{InternalName(output.Index)}/nhwc_in", OnnxGraph.Ints("perm", Layout.NchwToNhwc));
        }

        string name = InternalName(output.Index);
        if (outShape.Length == 4 && !Layout.KeepsElementOrder(outShape, Layout.NhwcToNchw))
        {
            string nhwc = Emit("Reshape", [x, ShapeOf(outShape)], $"{name}/nhwc_out");
            Emit("Transpose", [nhwc], name, OnnxGraph.Ints("perm", Layout.NhwcToNchw));
        }
        else
        {
            Emit("Reshape", [x, ShapeOf(outShape.Length == 4 ? Layout.ToNchw(outShape) : outShape)], name);
        }

        Define(output, name);
    }

    /// <summary>CONCATENATION along TFLite's axis (mapped to NCHW for rank-4 tensors), with its fused activation.</summary>
    private void ConvertConcatenation(TfliteOperator op)
    {
        var o = Options(op);
        var activation = ReadActivation(op, o.GetByte(TfliteSchema.ConcatenationOptions.FusedActivation));
        var output = SingleOutput(op);
        int rank = output.Shape.Length;
        int axis = o.GetInt(TfliteSchema.ConcatenationOptions.Axis);
        if (axis < 0)
        {
            axis += rank;
        }

        if (axis < 0 || axis >= rank)
        {
            throw new InvalidDataException($"operator #{op.Index} CONCATENATION: axis {o.GetInt(TfliteSchema.ConcatenationOptions.Axis)} outside rank {rank}");
        }

        var inputs = new string[op.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (model.Tensors[InputIndex(op, i)].Shape.Length != rank)
            {
                throw new InvalidDataException($"operator #{op.Index} CONCATENATION: input {i} has a rank other than the output's {rank}");
            }

            inputs[i] = Input(op, i);
        }

        string joined = ActivationTarget(output, activation);
        Emit("Concat", inputs, joined, OnnxGraph.Int("axis", rank == 4 ? Layout.AxisToNchw(axis) : axis));
        FinishActivation(output, joined, activation);
    }

    /// <summary>PAD with zeros; the paddings constant [rank, 2] (before, after per NHWC axis) becomes ONNX's pads.</summary>
    private void ConvertPad(TfliteOperator op)
    {
        int[] inShape = model.Tensors[InputIndex(op, 0)].Shape;
        var output = SingleOutput(op);
        long[] paddings = ConstantInput(op, 1, "paddings").RequireIntegers("PAD paddings");
        int rank = inShape.Length;
        if (paddings.Length != rank * 2)
        {
            throw new InvalidDataException($"operator #{op.Index} PAD: {paddings.Length} padding values for rank {rank}");
        }

        var pads = new long[rank * 2];
        var computed = new int[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int onnxAxis = rank == 4 ? Layout.AxisToNchw(axis) : axis;
            pads[onnxAxis] = paddings[axis * 2];
            pads[rank + onnxAxis] = paddings[axis * 2 + 1];
            if (paddings[axis * 2] < 0 || paddings[axis * 2 + 1] < 0)
            {
                throw Unsupported(op, "negative padding");
            }

            computed[axis] = inShape[axis] + (int)(paddings[axis * 2] + paddings[axis * 2 + 1]);
        }

        CheckOutputShape(op, output, computed);
        Define(output, Emit("Pad", [Input(op, 0), Int64Initializer(pads)], InternalName(output.Index), OnnxGraph.String("mode", "constant")));
    }

    /// <summary>
    /// DEPTH_TO_SPACE: TFLite's NHWC order reads output (h·b + i, w·b + j, c) from input channel
    /// (i·b + j)·C_out + c; ONNX's DepthToSpace in DCR mode reads the same channel in NCHW.
    /// </summary>
    private void ConvertDepthToSpace(TfliteOperator op)
    {
        int block = Options(op).GetInt(TfliteSchema.DepthToSpaceOptions.BlockSize);
        int[] inShape = Rank4Input(op);
        var output = SingleOutput(op);
        if (block < 1 || inShape[3] % (block * block) != 0)
        {
            throw new InvalidDataException($"operator #{op.Index} DEPTH_TO_SPACE: block size {block} does not divide {inShape[3]} channels");
        }

        CheckOutputShape(op, output, [inShape[0], inShape[1] * block, inShape[2] * block, inShape[3] / (block * block)]);
        Define(output, Emit("DepthToSpace", [Input(op, 0)], InternalName(output.Index),
            OnnxGraph.Int("blocksize", block), OnnxGraph.String("mode", "DCR")));
    }

    /// <summary>
    /// RESIZE_BILINEAR to the output's declared size. Source coordinate of output pixel x:
    /// align_corners → x·(in − 1)/(out − 1); half_pixel_centers → (x + ½)·in/out − ½ (clamped at 0);
    /// neither → x·in/out. These are ONNX Resize's align_corners, half_pixel and asymmetric modes.
    /// </summary>
    private void ConvertResizeBilinear(TfliteOperator op)
    {
        var o = Options(op);
        bool alignCorners = o.GetBool(TfliteSchema.ResizeBilinearOptions.AlignCorners);
        bool halfPixel = o.GetBool(TfliteSchema.ResizeBilinearOptions.HalfPixelCenters);
        if (alignCorners && halfPixel)
        {
            throw Unsupported(op, "align_corners and half_pixel_centers are both set");
        }

        int[] inShape = Rank4Input(op);
        var output = SingleOutput(op);
        if (op.Inputs.Length > 1 && op.Inputs[1] >= 0 && TryConstant(op.Inputs[1]) is { Integers: { Length: 2 } size }
            && (size[0] != output.Shape[1] || size[1] != output.Shape[2]))
        {
            throw new InvalidDataException($"operator #{op.Index} RESIZE_BILINEAR: size input [{size[0]},{size[1]}] disagrees with output '{output.Name}' [{string.Join(',', output.Shape)}]");
        }

        CheckOutputShape(op, output, [inShape[0], output.Shape[1], output.Shape[2], inShape[3]]);
        string mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        Define(output, Emit("Resize", [Input(op, 0), "", "", ShapeOf(Layout.ToNchw(output.Shape))], InternalName(output.Index),
            OnnxGraph.String("mode", "linear"),
            OnnxGraph.String("coordinate_transformation_mode", mode)));
    }

    private string ShapeOf(int[] shape) => Int64Initializer(Array.ConvertAll(shape, d => (long)d));
}
