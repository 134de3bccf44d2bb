using System.Runtime.InteropServices;
using Google.Protobuf;
using RobotEdge.Perception.ModelGeneration.Onnx;

namespace RobotEdge.Perception.ModelGeneration;

/// <summary>Small builders for the ONNX graph pieces RobotEdge's model generators write.</summary>
internal static class OnnxGraph
{
    /// <summary>Opset the generated models import.</summary>
    public const int OpsetVersion = 17;

    /// <summary>IR version of the generated models.</summary>
    public const int IrVersion = 8;

    /// <summary>A float tensor's name, type and shape with a symbolic first (batch) dimension.</summary>
    public static ValueInfoProto TensorValueInfo(string name, string batchParam, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchParam });
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    /// <summary>A float initializer.</summary>
    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX specification, as is every machine we build on.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>An int64 initializer.</summary>
    public static TensorProto Int64Tensor(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    /// <summary>A node of the default domain.</summary>
    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A STRING attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A model around <paramref name="graph"/> importing the default opset.</summary>
    public static ModelProto Model(GraphProto graph, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "RobotEdge",
            ProducerVersion = "1",
            ModelVersion = 1,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    /// <summary>A normalised size×size Gaussian kernel (row-major), sums to 1.</summary>
    public static float[] Gaussian(int size, double sigma)
    {
        var kernel = new float[size * size];
        int half = size / 2;
        double sum = 0;
        for (int y = -half; y <= half; y++)
        {
            for (int x = -half; x <= half; x++)
            {
                double w = Math.Exp(-(x * x + y * y) / (2 * sigma * sigma));
                kernel[(y + half) * size + x + half] = (float)w;
                sum += w;
            }
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)(kernel[i] / sum);
        }

        return kernel;
    }
}
