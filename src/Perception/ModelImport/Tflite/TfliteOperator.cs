namespace RobotEdge.Perception.ModelImport.Tflite;

/// <summary>
/// One operator of the main subgraph in execution order. <see cref="Inputs"/> / <see cref="Outputs"/>
/// are tensor indices (−1 = an omitted optional input); <see cref="Options"/> is the builtin options
/// table, read by the converter according to <see cref="BuiltinCode"/>.
/// </summary>
internal sealed record TfliteOperator(
    int Index,
    int BuiltinCode,
    string? CustomCode,
    int[] Inputs,
    int[] Outputs,
    FlatTable? Options)
{
    /// <summary>The operator's name as TFLite spells it (CONV_2D), or the custom code of a custom operator.</summary>
    public string Name => CustomCode is { } custom ? $"CUSTOM '{custom}'" : TfliteOperatorNames.Of(BuiltinCode);
}
