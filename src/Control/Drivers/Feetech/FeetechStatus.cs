namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// One received status packet. <see cref="Parameters"/> is a view of the receive buffer it was
/// parsed from and stays valid until that buffer changes; copy out what must outlive it. Decode
/// multi-byte values with the <see cref="FeetechRegisterCodec"/> of the servo family.
/// </summary>
public readonly ref struct FeetechStatus
{
    /// <summary>Creates a status view.</summary>
    public FeetechStatus(byte id, FeetechStatusError error, ReadOnlySpan<byte> parameters)
    {
        Id = id;
        Error = error;
        Parameters = parameters;
    }

    /// <summary>Id of the answering servo, 0–253.</summary>
    public byte Id { get; }

    /// <summary>The error byte.</summary>
    public FeetechStatusError Error { get; }

    /// <summary>The parameters: for a Read, the bytes read in address order; empty for a Ping or Write.</summary>
    public ReadOnlySpan<byte> Parameters { get; }
}
