using Google.Protobuf;
using RobotEdge.Perception.ModelGeneration.Onnx;

namespace RobotEdge.Perception.Inference;

/// <summary>
/// Rewrites an ONNX model so that it computes only some of its outputs: the other graph outputs go,
/// and with them every node no kept output depends on, and the initializers and value infos only
/// those nodes used. ONNX Runtime runs every node of the graph it is given on each run, whatever
/// outputs are bound, so an output nobody reads (BlazePose's 256 × 256 segmentation mask) costs its
/// whole head on every frame unless it is cut from the graph. The fields RobotEdge's ONNX subset
/// does not name pass through unchanged (protobuf keeps unknown fields). Not real-time: load time.
/// </summary>
public static class OnnxOutputPruning
{
    /// <summary>
    /// The model with only the outputs named in <paramref name="keep"/> (in the graph's order), or
    /// null when nothing would be removed, or when the graph has a node with a subgraph (If, Loop, Scan:
    /// what a subgraph reads from the outer graph is not visible in the node's inputs, so it is left whole).
    /// </summary>
    /// <param name="model">The ONNX model's bytes.</param>
    /// <param name="keep">Names of the graph outputs to keep; each must be an output of the graph.</param>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model, or a name in <paramref name="keep"/> is not one of its outputs.</exception>
    public static byte[]? KeepOutputs(byte[] model, IReadOnlyCollection<string> keep)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }

        GraphProto graph = proto.Graph ?? throw new InvalidDataException("the ONNX model has no graph");
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in keep)
        {
            if (!outputs.Contains(name))
            {
                throw new InvalidDataException($"the ONNX model has no output '{name}' (it has: {string.Join(", ", outputs)})");
            }
        }

        if (outputs.All(keep.Contains) || graph.Node.Any(HasSubgraph))
        {
            return null;
        }

        // ONNX nodes are stored in topological order: walking back from the kept outputs, a node is
        // needed when it produces a needed value, and then so are its inputs.
        var needed = new HashSet<string>(keep, StringComparer.Ordinal);
        var kept = new bool[graph.Node.Count];
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                kept[i] = true;
                needed.UnionWith(node.Input.Where(name => name.Length > 0));
            }
        }

        NodeProto[] nodes = [.. graph.Node.Where((_, i) => kept[i])];
        TensorProto[] initializers = [.. graph.Initializer.Where(t => needed.Contains(t.Name))];
        ValueInfoProto[] valueInfos = [.. graph.ValueInfo.Where(v => needed.Contains(v.Name))];
        ValueInfoProto[] keptOutputs = [.. graph.Output.Where(o => keep.Contains(o.Name))];
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfos);
        graph.Output.Clear();
        graph.Output.AddRange(keptOutputs);
        return proto.ToByteArray();
    }

    /// <summary>
    /// The model with only the outputs whose declared shape <paramref name="keepShape"/> accepts
    /// (symbolic dimensions read as 1, as <see cref="BoundTensorModel"/> binds them), or null as in
    /// <see cref="KeepOutputs(byte[], IReadOnlyCollection{string})"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static byte[]? KeepOutputs(byte[] model, Func<long[], bool> keepShape)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }

        GraphProto graph = proto.Graph ?? throw new InvalidDataException("the ONNX model has no graph");
        var keep = new List<string>();
        foreach (ValueInfoProto output in graph.Output)
        {
            var dims = output.Type?.TensorType?.Shape?.Dim;
            long[] shape = dims is null
                ? []
                : [.. dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : 1L)];
            if (keepShape(shape))
            {
                keep.Add(output.Name);
            }
        }

        return KeepOutputs(model, keep);
    }

    private static bool HasSubgraph(NodeProto node) =>
        node.OpType is "If" or "Loop" or "Scan" || node.Attribute.Any(a => a.Type == AttributeProto.Types.AttributeType.Graph);
}
