namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// A SocketCAN receive filter (<c>struct can_filter</c>): a frame passes when
/// <c>(frame id &amp; Mask) == (Id &amp; Mask)</c>, both including the EFF/RTR flag bits, as the
/// kernel compares them.
/// </summary>
/// <param name="Id">Identifier to match, optionally with <see cref="ExtendedFlag"/> or <see cref="RemoteFlag"/>.</param>
/// <param name="Mask">Bits of the identifier that must match.</param>
public readonly record struct CanFilter(uint Id, uint Mask)
{
    /// <summary>The kernel's EFF flag bit in identifiers and masks (<c>CAN_EFF_FLAG</c>).</summary>
    public const uint ExtendedFlag = 0x8000_0000;

    /// <summary>The kernel's RTR flag bit (<c>CAN_RTR_FLAG</c>).</summary>
    public const uint RemoteFlag = 0x4000_0000;

    /// <summary>Matches exactly one standard (11-bit) data-frame identifier.</summary>
    public static CanFilter Standard(uint id) => new(id, CanFrame.MaxStandardId | ExtendedFlag | RemoteFlag);

    /// <summary>Matches exactly one extended (29-bit) data-frame identifier.</summary>
    public static CanFilter Extended(uint id) => new(id | ExtendedFlag, CanFrame.MaxExtendedId | ExtendedFlag | RemoteFlag);
}
