using System.Net.WebSockets;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Perception.Offload;

/// <summary>The sender thread: the only writer on the socket.</summary>
public sealed partial class EdgeClient
{
    /// <summary>Longest the sender sleeps without a reason to wake, ms (it also wakes when rung).</summary>
    private const int SenderIdleWaitMs = 50;

    private const long NsPerMs = 1_000_000;

    /// <summary>The sender inside its fault barrier: a network error ends a connection inside; anything else is a defect.</summary>
    private void SenderThread()
    {
        try
        {
            SendLoop();
        }
        catch (Exception e) when (!(e is ObjectDisposedException && _shutdown.IsCancellationRequested))
        {
            // (A doorbell disposed under a sender that outlived Dispose's join is shutdown, not a defect.)
            Fail("sender", e);
        }
    }

    /// <summary>
    /// Sends, on the current connection: the hello once it opens, the compute thread's newest
    /// request as soon as it is handed over, a clock ping every <see cref="EdgeClientOptions.PingIntervalMs"/>
    /// and, once welcomed, a health report every <see cref="EdgeClientOptions.HealthIntervalMs"/>.
    /// A send that fails or outlives its time aborts the connection (the supervisor reconnects).
    /// </summary>
    private void SendLoop()
    {
        var hello = new Hello { ModelName = _card.Name, FrameWidth = (uint)_frameWidth, FrameHeight = (uint)_frameHeight };
        var ping = new ClockPing();
        var health = new RobotHealth();
        long controlTimeoutNs = _options.ConnectTimeoutMs * NsPerMs;
        ClientWebSocket? current = null;
        long nextPingNs = 0, nextHealthNs = 0;
        while (!_shutdown.IsCancellationRequested)
        {
            ClientWebSocket? socket = _connected;
            if (!ReferenceEquals(socket, current))
            {
                current = socket;
                if (current is not null && !SendControl(current, hello, controlTimeoutNs))
                {
                    current = null;
                }

                nextPingNs = nextHealthNs = MonotonicClock.GetTimestampNs();
            }

            OutgoingRequest? request = _outgoing.TryTake();
            if (request is not null)
            {
                // With no connection, or past the time the robot waits for it, the request goes nowhere.
                long leftNs = request.SendByNs - MonotonicClock.GetTimestampNs();
                if (current is not null && leftNs > 0)
                {
                    SendNow(current, request.Wire.WrittenMemory, leftNs);
                }

                _returned.TryWrite(request.Index);
            }

            long waitMs = SenderIdleWaitMs;
            if (current is not null)
            {
                long now = MonotonicClock.GetTimestampNs();
                if (now >= nextPingNs)
                {
                    ping.RobotSendNs = now;
                    SendControl(current, ping, controlTimeoutNs);
                    nextPingNs = now + _options.PingIntervalMs * NsPerMs;
                }

                if (_healthSource is not null && now >= nextHealthNs)
                {
                    // Reports go only to a server that welcomed this robot.
                    if (ReferenceEquals(_socket, current))
                    {
                        _healthSource(health);
                        if (SendControl(current, health, controlTimeoutNs))
                        {
                            Interlocked.Increment(ref _healthReportsSent);
                        }
                    }

                    nextHealthNs = now + _options.HealthIntervalMs * NsPerMs;
                }

                long nextDueNs = _healthSource is null ? nextPingNs : Math.Min(nextPingNs, nextHealthNs);
                waitMs = Math.Clamp((nextDueNs - MonotonicClock.GetTimestampNs() + NsPerMs - 1) / NsPerMs, 1, SenderIdleWaitMs);
            }

            // A hand-off that landed after the look above has rung: the wait returns at once.
            _doorbell.Wait((int)waitMs);
        }
    }

    /// <summary>Encodes and sends a control message (hello, ping, health); allocates its wire bytes.</summary>
    private bool SendControl(ClientWebSocket socket, RobotToEdge message, long timeoutNs) => SendNow(socket, WireCodec.Encode(message), timeoutNs);

    /// <summary>
    /// Sends one message and waits at most <paramref name="timeoutNs"/> for it to go; a send that
    /// fails or cannot finish in time means a dead or stuck connection, which is aborted.
    /// Allocation-free when the socket takes the send synchronously.
    /// </summary>
    private static bool SendNow(ClientWebSocket socket, ReadOnlyMemory<byte> wire, long timeoutNs)
    {
        try
        {
            ValueTask send = socket.SendAsync(wire, WebSocketMessageType.Binary, true, CancellationToken.None);
            if (send.IsCompletedSuccessfully)
            {
                return true;
            }

            Task pending = send.AsTask();
            if (!pending.Wait(TimeSpan.FromTicks(Math.Max(1, timeoutNs / 100))))
            {
                socket.Abort();
                return false;
            }

            return true;
        }
        catch (Exception e) when (IsNetworkError(e) || e is InvalidOperationException)
        {
            // InvalidOperationException: the socket is no longer open (closed by the peer meanwhile).
            socket.Abort();
            return false;
        }
    }
}
