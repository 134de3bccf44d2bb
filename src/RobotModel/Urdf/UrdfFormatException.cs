namespace RobotEdge.RobotModel.Urdf;

/// <summary>
/// A URDF document that cannot be used: not XML, or not a valid, supported robot description.
/// The message reads <c>source:line: detail</c>, like a compiler diagnostic.
/// </summary>
public sealed class UrdfFormatException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="lineNumber"/> of <paramref name="sourceName"/>.</summary>
    /// <param name="sourceName">File path or other name of the document.</param>
    /// <param name="lineNumber">1-based line of the offending element or attribute; 0 when unknown.</param>
    /// <param name="detail">What is wrong, without the location.</param>
    /// <param name="innerException">The underlying error, if any (an XML parse error).</param>
    public UrdfFormatException(string sourceName, int lineNumber, string detail, Exception? innerException = null)
        : base($"{sourceName}:{lineNumber}: {detail}", innerException)
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        Detail = detail;
    }

    /// <summary>File path or other name of the document.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the offending element or attribute; 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Detail { get; }
}
