using System.Globalization;

namespace RobotEdge.Bus.Configuration;

/// <summary>
/// Collects the problems of one configuration file while it is checked, so that a refusal names all
/// of them at once, each with its field's path and its place in the file. Each configuration type
/// checks its own fields in one <c>Validate(ConfigProblems, string path)</c> method through the
/// checks here, which all refuse NaN and infinities as well as values out of range.
/// Not thread-safe; load-time only (allocates).
/// </summary>
public sealed class ConfigProblems
{
    private readonly List<ConfigProblem> _errors = [];
    private readonly List<ConfigProblem> _warnings = [];

    /// <summary>Starts an empty collection for <paramref name="file"/>.</summary>
    /// <param name="file">The file as the user named it; it starts every message.</param>
    /// <param name="locations">Where each field is in the file; null when the source is not a file.</param>
    public ConfigProblems(string file, JsonLocations? locations = null)
    {
        File = file;
        Locations = locations;
    }

    /// <summary>The file checked.</summary>
    public string File { get; }

    /// <summary>Where each field is in the file, when known.</summary>
    public JsonLocations? Locations { get; }

    /// <summary>Problems that refuse the file.</summary>
    public IReadOnlyList<ConfigProblem> Errors => _errors;

    /// <summary>Problems worth saying that do not refuse the file (an unknown field that is ignored).</summary>
    public IReadOnlyList<ConfigProblem> Warnings => _warnings;

    /// <summary>The warnings as lines to log, each naming the file.</summary>
    public IReadOnlyList<string> WarningLines => [.. _warnings.Select(w => $"{File}: {w}")];

    /// <summary>Records a problem that refuses the file.</summary>
    public void Error(string path, string message) => _errors.Add(Locate(path, message));

    /// <summary>Records a problem that does not refuse the file.</summary>
    public void Warn(string path, string message) => _warnings.Add(Locate(path, message));

    /// <summary>Records <paramref name="message"/> at <paramref name="path"/> unless <paramref name="ok"/>.</summary>
    public void Require(bool ok, string path, string message)
    {
        if (!ok)
        {
            Error(path, message);
        }
    }

    /// <summary>The value must be a finite number.</summary>
    public void Finite(double value, string path) => Require(double.IsFinite(value), path, $"must be a finite number, got {Show(value)}");

    /// <summary>The value must be finite and above zero.</summary>
    public void Positive(double value, string path) => Require(double.IsFinite(value) && value > 0, path, $"must be a positive number, got {Show(value)}");

    /// <summary>The value must be finite and not below zero.</summary>
    public void NotNegative(double value, string path) => Require(double.IsFinite(value) && value >= 0, path, $"must be zero or more, got {Show(value)}");

    /// <summary>The value must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Within(double value, double min, double max, string path) =>
        Require(value >= min && value <= max, path, $"must be within [{Show(min)}, {Show(max)}], got {Show(value)}");

    /// <summary>The value must lie in (<paramref name="min"/>, <paramref name="max"/>]: above the minimum, at most the maximum.</summary>
    public void Above(double value, double min, double max, string path) =>
        Require(value > min && value <= max, path, $"must be within ({Show(min)}, {Show(max)}], got {Show(value)}");

    /// <summary>The whole number must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Within(int value, int min, int max, string path) =>
        Require(value >= min && value <= max, path, $"must be within [{min}, {max}], got {value}");

    /// <summary>The text must be present (not empty or white space).</summary>
    public void NotEmpty(string? value, string path) => Require(!string.IsNullOrWhiteSpace(value), path, "is missing or empty");

    /// <summary>Every value must be a finite number.</summary>
    public void Finite(IReadOnlyList<double> values, string path)
    {
        for (int i = 0; i < values.Count; i++)
        {
            Finite(values[i], $"{path}[{i}]");
        }
    }

    /// <summary>Throws the <see cref="Refusal"/> naming every error, if there is any.</summary>
    public void ThrowIfAny(Exception? inner = null)
    {
        if (_errors.Count > 0)
        {
            throw Refusal(File, _errors, inner);
        }
    }

    /// <summary>
    /// The exception refusing <paramref name="file"/>: an <see cref="InvalidDataException"/> (so that
    /// every command reports it as bad input, one line, no stack trace) whose message is one line
    /// naming the file and every problem, e.g.
    /// <c>robots/arm/robot.json: camera.fx (line 12, column 5): must be a finite number, found the string "NaN"; …</c>.
    /// </summary>
    public static InvalidDataException Refusal(string file, IReadOnlyList<ConfigProblem> problems, Exception? inner = null) =>
        new($"{file}: {string.Join("; ", problems)}", inner);

    /// <summary>A number as the messages show it: invariant culture, shortest round-trip form.</summary>
    public static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private ConfigProblem Locate(string path, string message)
    {
        (int line, int column) = Locations?.Find(path) ?? (0, 0);
        return new ConfigProblem(path, message, line, column);
    }
}
