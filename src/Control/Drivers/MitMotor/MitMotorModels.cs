namespace RobotEdge.Control.Drivers.MitMotor;

/// <summary>
/// The MIT-mode motor models a robot.json joint may name (<c>"motor": "AK80-9"</c>), each with the
/// firmware ranges of its manual (see README, "Ranges"). Only models whose ranges were found in a
/// manufacturer's document or the reference firmware are listed; any other motor is configured with
/// explicit ranges. Immutable; any thread.
/// </summary>
public static class MitMotorModels
{
    /// <summary>The model used when a joint names none: the CubeMars AK80-9, what MIT motor buses always used before models could be named.</summary>
    public const string DefaultModel = "AK80-9";

    private static readonly (string Name, MitMotorLimits Limits)[] Models =
    [
        ("AK10-9", MitMotorLimits.CubeMarsAK10_9),
        ("AK60-6", MitMotorLimits.CubeMarsAK60_6),
        ("AK70-10", MitMotorLimits.CubeMarsAK70_10),
        ("AK80-6", MitMotorLimits.CubeMarsAK80_6),
        ("AK80-9", MitMotorLimits.CubeMarsAK80_9),
        ("AK80-64", MitMotorLimits.CubeMarsAK80_64),
        ("mini-cheetah", MitMotorLimits.MiniCheetah),
    ];

    /// <summary>The known model names, as robot.json spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Models, m => m.Name);

    /// <summary>Looks up a model by name, ignoring case ("ak80-9" is "AK80-9").</summary>
    /// <returns>false for a name not in <see cref="Names"/>.</returns>
    public static bool TryGet(string name, out MitMotorLimits limits)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach ((string known, MitMotorLimits value) in Models)
        {
            if (string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                limits = value;
                return true;
            }
        }

        limits = default;
        return false;
    }
}
