namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>
/// Values of Baud Rate (address 8) on X430/X540 series (e-Manual, control table Baud Rate):
/// 0 → 9,600, 1 → 57,600 (default), 2 → 115,200, 3 → 1 M, 4 → 2 M, 5 → 3 M, 6 → 4 M, 7 → 4.5 M bps.
/// X330 models stop at 6 (4 M).
/// </summary>
public static class XSeriesBaudRates
{
    /// <summary>Bits per second for register values 0–7.</summary>
    private static ReadOnlySpan<int> BitsPerSecond => [9_600, 57_600, 115_200, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 4_500_000];

    /// <summary>The rate a register value selects.</summary>
    public static bool TryGetBitsPerSecond(byte value, out int bitsPerSecond)
    {
        if (value < BitsPerSecond.Length)
        {
            bitsPerSecond = BitsPerSecond[value];
            return true;
        }

        bitsPerSecond = 0;
        return false;
    }

    /// <summary>The register value for an exact rate; false for a rate the series does not offer.</summary>
    public static bool TryGetValue(int bitsPerSecond, out byte value)
    {
        int index = BitsPerSecond.IndexOf(bitsPerSecond);
        value = (byte)Math.Max(index, 0);
        return index >= 0;
    }
}
