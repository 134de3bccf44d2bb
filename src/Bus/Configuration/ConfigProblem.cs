namespace RobotEdge.Bus.Configuration;

/// <summary>
/// One problem found in a configuration file: the field's path as written in the file
/// (<c>camera.fx</c>, <c>buses[0].joints[2].id</c>; empty for the whole file), what is wrong, and
/// where the field is in the file (1-based line and column; 0 when not known, e.g. a missing field).
/// </summary>
public readonly record struct ConfigProblem(string Path, string Message, int Line, int Column)
{
    /// <summary>
    /// The problem as one line, e.g. <c>camera.fx (line 12, column 5): must be a finite number, got NaN</c>.
    /// </summary>
    public override string ToString()
    {
        string where = Line > 0 ? $" (line {Line}, column {Column})" : "";
        return Path.Length == 0 ? $"{Message}{where}" : $"{Path}{where}: {Message}";
    }
}
