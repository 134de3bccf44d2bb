using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Messages;

/// <summary>
/// A fixed-capacity vector of per-joint values (radians, rad/s or N·m, as the field using it says),
/// stored inline so that messages carrying it are plain unmanaged structs: copied, never allocated.
/// </summary>
[InlineArray(Capacity)]
public struct JointVector
{
    /// <summary>The most joints one robot or one bus may have.</summary>
    public const int Capacity = 8;

    private double _element0;

    /// <summary>A vector with the first <c>values.Length</c> entries set and the rest zero.</summary>
    public static JointVector From(ReadOnlySpan<double> values)
    {
        if (values.Length > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"at most {Capacity} joints are supported");
        }

        var vector = default(JointVector);
        values.CopyTo(vector);
        return vector;
    }
}
