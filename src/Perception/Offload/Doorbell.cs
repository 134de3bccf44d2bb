using System.Net;
using System.Net.Sockets;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// Wakes one sleeping thread from another without a lock on either side: a pair of connected
/// datagram sockets on loopback (the self-pipe trick). <see cref="Ring"/> is one non-blocking
/// <c>send</c> of one byte; <see cref="Wait"/> is <c>poll</c> on the other socket, then a drain. Unlike
/// an event's <c>Set</c>, which takes the event's monitor whenever a thread sleeps on it (so a
/// real-time ringer could wait for a descheduled lower-priority sleeper), neither side takes any
/// user-space lock; the kernel wakes the sleeper. Rings persist until a <see cref="Wait"/> drains
/// them, so a ring that lands between a look and the wait is never slept through.
/// </summary>
/// <remarks>
/// One ringing thread and one waiting thread at a time. A ring dropped because the socket's buffer is
/// full of earlier rings loses nothing: the waiter wakes for those. No allocation per ring or wait.
/// </remarks>
internal sealed class Doorbell : IDisposable
{
    private readonly Socket _ringer;
    private readonly Socket _listener;

    /// <summary>What a ring sends: one byte, its value unused.</summary>
    private readonly byte[] _ring = [1];

    /// <summary>Where a wait drains rings; waiting thread only.</summary>
    private readonly byte[] _drain = new byte[16];

    /// <summary>Creates the bell: two UDP sockets bound to ephemeral loopback ports and connected to each other.</summary>
    public Doorbell()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _ringer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _ringer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _ringer.Connect(_listener.LocalEndPoint!);
            _listener.Connect(_ringer.LocalEndPoint!);
            _ringer.Blocking = false;
            _listener.Blocking = false;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Wakes the waiter (now, or at its next <see cref="Wait"/>); does nothing once disposed. Real-time
    /// safe: one non-blocking send, no lock, no allocation, never waits.
    /// </summary>
    public void Ring()
    {
        try
        {
            _ringer.Send(_ring, SocketFlags.None, out _);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: nobody waits any more.
        }
    }

    /// <summary>
    /// Sleeps until rung or <paramref name="timeoutMs"/> ms pass (0: just look), then drains every
    /// ring so far; returns whether it was rung. No lock, no allocation.
    /// </summary>
    public bool Wait(int timeoutMs)
    {
        if (!_listener.Poll(Math.Max(0, timeoutMs) * 1000, SelectMode.SelectRead))
        {
            return false;
        }

        while (_listener.Receive(_drain, SocketFlags.None, out SocketError error) > 0 && error == SocketError.Success)
        {
        }

        return true;
    }

    /// <summary>Closes both sockets. After every ringer and waiter has stopped.</summary>
    public void Dispose()
    {
        _ringer.Dispose();
        _listener.Dispose();
    }
}
