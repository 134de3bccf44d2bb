namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// A CAN bus as the motor drivers see it: send a frame, receive the next one. Implemented by
/// SocketCAN (<see cref="SocketCanTransport"/>) and by an SLCAN serial adapter
/// (<see cref="SlcanTransport"/>); the simulator answers behind the latter on a pseudo-terminal.
/// </summary>
/// <remarks>
/// Threading: both methods belong to the bus's own I/O thread; implementations are not safe for
/// concurrent calls of the same method. Neither allocates. Failures of the link itself (device
/// unplugged, interface down) are thrown as <see cref="IOException"/>s; an ordinary "not now" is the
/// false return.
/// </remarks>
public interface ICanTransport : IDisposable
{
    /// <summary>
    /// Hands <paramref name="frame"/> to the bus without waiting for it to go out (bounded by the
    /// underlying write timeout). Error frames cannot be sent.
    /// </summary>
    /// <returns>False when the frame could not be queued now (transmit buffer full, line stalled).</returns>
    bool TrySend(in CanFrame frame);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: do not wait) for the next frame.
    /// Blocking (bounded).
    /// </summary>
    /// <returns>True with the frame; false when none arrived in time (<paramref name="frame"/> is then default).</returns>
    bool TryReceive(out CanFrame frame, int timeoutMs);
}
