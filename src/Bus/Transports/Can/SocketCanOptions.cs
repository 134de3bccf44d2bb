namespace RobotEdge.Bus.Transports.Can;

/// <summary>How <see cref="SocketCanTransport.Open"/> sets up its raw CAN socket.</summary>
public sealed class SocketCanOptions
{
    /// <summary>
    /// Receive filters (<c>CAN_RAW_FILTER</c>): a frame is delivered when any filter matches. Null
    /// (default) receives every frame; an empty list receives none (send-only socket). At most 512.
    /// </summary>
    public IReadOnlyList<CanFilter>? Filters { get; init; }

    /// <summary>
    /// Error classes delivered as error frames (<c>CAN_RAW_ERR_FILTER</c>); <see cref="CanErrorFlags.None"/>
    /// for none. Default <see cref="CanErrorFlags.Default"/> (all but the flood-prone bus-error class).
    /// </summary>
    public CanErrorFlags ErrorMask { get; init; } = CanErrorFlags.Default;

    /// <summary>Also receive the frames this socket sent (<c>CAN_RAW_RECV_OWN_MSGS</c>). Default false.</summary>
    public bool ReceiveOwnMessages { get; init; }
}
