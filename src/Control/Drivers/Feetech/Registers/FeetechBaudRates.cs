namespace RobotEdge.Control.Drivers.Feetech.Registers;

/// <summary>
/// Values of the Baud rate item (address 6) on STS/SMS and SCS servos, as the FEETECH SDK and the
/// SMS/STS memory table define them: 0 → 1 M, 1 → 500 k, 2 → 250 k, 3 → 128 k, 4 → 115,200,
/// 5 → 76,800, 6 → 57,600, 7 → 38,400 bps. Other sources disagree on 5–7 (LeRobot's tables list
/// 57,600, 38,400 and 19,200); see the README for why this table follows the vendor.
/// </summary>
public static class FeetechBaudRates
{
    /// <summary>Bits per second for register values 0–7.</summary>
    private static ReadOnlySpan<int> BitsPerSecond => [1_000_000, 500_000, 250_000, 128_000, 115_200, 76_800, 57_600, 38_400];

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

    /// <summary>The register value for an exact rate; false for a rate the table does not offer.</summary>
    public static bool TryGetValue(int bitsPerSecond, out byte value)
    {
        int index = BitsPerSecond.IndexOf(bitsPerSecond);
        value = (byte)Math.Max(index, 0);
        return index >= 0;
    }
}
