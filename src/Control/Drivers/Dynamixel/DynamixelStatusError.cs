namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// The error byte of a status packet, decoded: bit 7 is the alert bit, set while the device's
/// Hardware Error Status (address 70 on X series) is non-zero; bits 0–6 carry an
/// <see cref="DynamixelErrorNumber"/> for the instruction just processed.
/// </summary>
public readonly struct DynamixelStatusError : IEquatable<DynamixelStatusError>
{
    /// <summary>Mask of the alert bit.</summary>
    public const byte AlertMask = 0x80;

    /// <summary>Wraps a raw error byte as received.</summary>
    public DynamixelStatusError(byte raw) => Raw = raw;

    /// <summary>Builds an error byte from its two parts (used by the status writer of simulated devices).</summary>
    public DynamixelStatusError(DynamixelErrorNumber number, bool hardwareAlert)
        : this((byte)(((byte)number & 0x7F) | (hardwareAlert ? AlertMask : 0)))
    {
    }

    /// <summary>The byte as sent on the wire.</summary>
    public byte Raw { get; }

    /// <summary>The instruction's result (bits 0–6).</summary>
    public DynamixelErrorNumber Number => (DynamixelErrorNumber)(Raw & 0x7F);

    /// <summary>Alert bit: the device reports a hardware error; read its Hardware Error Status for the cause.</summary>
    public bool HardwareAlert => (Raw & AlertMask) != 0;

    /// <summary>True when the instruction was processed (<see cref="Number"/> is <see cref="DynamixelErrorNumber.None"/>), whatever the alert bit.</summary>
    public bool InstructionSucceeded => Number == DynamixelErrorNumber.None;

    /// <summary>True when the byte is zero: no instruction error and no hardware alert.</summary>
    public bool IsClear => Raw == 0;

    /// <inheritdoc/>
    public bool Equals(DynamixelStatusError other) => Raw == other.Raw;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DynamixelStatusError other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Raw;

    /// <summary>Readable form, e.g. "DataRangeError, hardware alert". Allocates; for logs, not the loop.</summary>
    public override string ToString() =>
        HardwareAlert ? $"{Number}, hardware alert" : Number.ToString();

    /// <summary>Equality of the raw bytes.</summary>
    public static bool operator ==(DynamixelStatusError left, DynamixelStatusError right) => left.Equals(right);

    /// <summary>Inequality of the raw bytes.</summary>
    public static bool operator !=(DynamixelStatusError left, DynamixelStatusError right) => !left.Equals(right);
}
