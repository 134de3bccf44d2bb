using RobotEdge.ReferenceCheck.Tensors;

namespace RobotEdge.ReferenceCheck.Tflite;

/// <summary>A model loaded into <see cref="TfliteReference"/>'s interpreter, valid until the reference is disposed.</summary>
public sealed class TfliteReferenceModel
{
    private readonly TfliteReference _owner;
    private readonly int _handle;

    internal TfliteReferenceModel(TfliteReference owner, string path, int handle, TensorSignature[] inputs, TensorSignature[] outputs)
    {
        _owner = owner;
        Path = path;
        _handle = handle;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The .tflite file.</summary>
    public string Path { get; }

    /// <summary>The subgraph's inputs in TFLite's order, as the interpreter reports them.</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; }

    /// <summary>The subgraph's outputs in TFLite's order, as the interpreter reports them.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>
    /// Runs the interpreter once on <paramref name="inputs"/> (one row-major float32 array per input,
    /// in <see cref="Inputs"/>' order and of its element counts) and returns every output, in
    /// <see cref="Outputs"/>' order.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of inputs or wrong lengths.</exception>
    /// <exception cref="InvalidOperationException">TFLite failed (its message is included).</exception>
    public async Task<NamedTensor[]> RunAsync(IReadOnlyList<float[]> inputs)
    {
        if (inputs.Count != Inputs.Count)
        {
            throw new ArgumentException($"{Path} has {Inputs.Count} inputs, {inputs.Count} given", nameof(inputs));
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != Inputs[i].ElementCount)
            {
                throw new ArgumentException($"input {Inputs[i]} needs {Inputs[i].ElementCount} floats, {inputs[i].Length} given", nameof(inputs));
            }
        }

        float[][] values = await _owner.RunAsync(_handle, Path, inputs);
        if (values.Length != Outputs.Count)
        {
            throw new InvalidOperationException($"TFLite returned {values.Length} outputs for {Path}, which declares {Outputs.Count}");
        }

        var outputs = new NamedTensor[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].Length != Outputs[i].ElementCount)
            {
                throw new InvalidOperationException($"TFLite returned {values[i].Length} values for output {Outputs[i]}");
            }

            outputs[i] = new NamedTensor(Outputs[i].Name, Outputs[i].Shape, values[i]);
        }

        return outputs;
    }
}
