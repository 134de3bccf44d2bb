namespace RobotEdge.Bus.Configuration;

/// <summary>
/// Marks a configuration property that the file must give: its default would be a guess (a camera's
/// focal length, a file's name). <see cref="JsonShape"/> refuses a file without it, with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute(string reason) : Attribute
{
    /// <summary>Why there is no default, as the refusal says it, e.g. "a default focal length would be a guess".</summary>
    public string Reason { get; } = reason;
}
