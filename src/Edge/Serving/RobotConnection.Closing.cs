using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// How a connection sends and ends. Every message leaves through the send queue and its one writer
/// task; a close is the queue's last item: <see cref="Close"/> queues an optional last message,
/// completes the queue, and the writer sends what was queued, then the close frame. The robot then
/// has <see cref="EdgeServerOptions.CloseTimeoutMs"/> to answer with its own close before the
/// watchdog drops the transport, so every way out ends within a bounded time.
/// </summary>
internal sealed partial class RobotConnection
{
    /// <summary>1 once a close was asked for; the first request's status and reason win.</summary>
    private int _closing;

    /// <summary>When the close was asked for, server clock, ns; 0 before. The watchdog's clock for the close timeout.</summary>
    private long _closeRequestedNs;

    /// <summary>1 once the transport was dropped.</summary>
    private int _aborted;

    /// <summary>The close frame's status; written before the queue is completed, read by the writer after it drained.</summary>
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;

    /// <summary>The close frame's reason (at most 123 bytes of UTF-8).</summary>
    private string _closeReason = "";

    /// <summary>Whether a close was asked for (the connection takes no more work).</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>
    /// Ends the connection from the server's side (a refused hello, replacement, revocation, a
    /// limit, shutdown): <paramref name="last"/>, when given, is queued behind everything already
    /// queued, then the close frame with <paramref name="status"/> and <paramref name="reason"/>.
    /// The first call wins; later ones do nothing. Any thread; never blocks.
    /// </summary>
    public void Close(WebSocketCloseStatus status, string reason, EdgeToRobot? last = null)
    {
        if (Interlocked.CompareExchange(ref _closing, 1, 0) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;
        if (last is not null)
        {
            Send(last);
        }

        Volatile.Write(ref _closeRequestedNs, MonotonicClock.GetTimestampNs());
        _outgoing.Writer.TryComplete();
    }

    /// <summary>
    /// Drops the connection at once, without a closing handshake, as a crashed server's kernel
    /// would: the transport is aborted, so the robot sees its connection reset now rather than
    /// when the request pipeline unwinds. Any thread; later calls do nothing.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _socket.Abort();
        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended (the robot hung up as we dropped it): nothing left to drop.
        }
    }

    /// <summary>
    /// The watchdog's check (its task, any time): a close the robot has not answered in time drops
    /// the transport; a robot with no valid hello within the hello timeout is refused and closed; a
    /// welcomed robot with no complete message within the idle timeout is closed.
    /// </summary>
    public void EnforceTimeLimits(long nowNs)
    {
        EdgeServerOptions limits = _server.Options;
        long closeRequestedNs = Volatile.Read(ref _closeRequestedNs);
        if (closeRequestedNs != 0)
        {
            if (nowNs - closeRequestedNs > limits.CloseTimeoutMs * NsPerMs && Volatile.Read(ref _aborted) == 0)
            {
                Interlocked.Increment(ref _server.ConnectionStatistics._abortedAfterClose);
                LogCloseTimedOut(_logger, Robot.Id, Id, limits.CloseTimeoutMs);
                Abort();
            }

            return;
        }

        if (Decoder is null)
        {
            if (nowNs - AcceptedNs > limits.HelloTimeoutMs * NsPerMs)
            {
                Interlocked.Increment(ref _server.ConnectionStatistics._helloTimeouts);
                LogHelloTimedOut(_logger, Robot.Id, Id, limits.HelloTimeoutMs);
                Close(WebSocketCloseStatus.PolicyViolation, "no hello in time", new Refusal { Reason = $"no valid hello within {limits.HelloTimeoutMs} ms of the upgrade" });
            }

            return;
        }

        if (nowNs - Volatile.Read(ref _lastMessageNs) > limits.IdleTimeoutMs * NsPerMs)
        {
            Interlocked.Increment(ref _server.ConnectionStatistics._idleTimeouts);
            LogIdleTimedOut(_logger, Robot.Id, Id, limits.IdleTimeoutMs);
            Close(WebSocketCloseStatus.PolicyViolation, $"no complete message for {limits.IdleTimeoutMs} ms");
        }
    }

    /// <summary>
    /// Answers every request still in flight with <c>SHUTTING_DOWN</c> and closes with 1001 (going
    /// away). For the shutdown, once the executor has stopped: nothing else answers them any more.
    /// Returns how many requests it answered.
    /// </summary>
    public int CloseForShutdown()
    {
        int answered = 0;
        while (_outstanding.TryTakeAny(out long sequence))
        {
            WriteResult(sequence, [], RejectReason.ShuttingDown, "the server is shutting down", batchSize: 0, queuedNs: 0, executionNs: 0);
            answered++;
        }

        Interlocked.Add(ref _server.ConnectionStatistics._shutdownAnswers, answered);
        Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        return answered;
    }

    /// <summary>A message over the limit: the connection is closed with 1009 (message too big); once per connection.</summary>
    private void OnTooLarge(int limitBytes)
    {
        if (IsClosing)
        {
            return;
        }

        Interlocked.Increment(ref _server.ConnectionStatistics._tooLarge);
        Malformed($"message over {limitBytes} bytes: connection closed (1009)");
        Close(WebSocketCloseStatus.MessageTooBig, $"message over {limitBytes} bytes");
    }

    /// <summary>Queues one encoded wire message (copied into a pooled buffer that the writer task returns); any thread.</summary>
    private void Send(ReadOnlySpan<byte> wire)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(wire.Length);
        wire.CopyTo(buffer);
        if (!_outgoing.Writer.TryWrite((buffer, wire.Length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!IsClosing)
            {
                // Full: the robot is not reading. (After a close, a late answer has nowhere to go.)
                Interlocked.Increment(ref _server.Statistics._droppedSends);
            }
        }
    }

    /// <summary>Sends the queue in order until it is completed, then the close frame; returns every buffer it holds to the pool.</summary>
    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                while (_outgoing.Reader.TryRead(out (byte[] Buffer, int Length) item))
                {
                    try
                    {
                        await _socket.SendAsync(item.Buffer.AsMemory(0, item.Length), WebSocketMessageType.Binary, true, cancellation).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }
            }

            // Completed by Close, and everything queued before it is out: now the close frame.
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The transport is gone; the receive loop reports it.
        }
        finally
        {
            while (_outgoing.Reader.TryRead(out (byte[] Buffer, int Length) left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }

    private const long NsPerMs = 1_000_000;

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning, Message = "Robot {Robot} (connection {Connection}): no valid hello within {TimeoutMs} ms; closed")]
    private static partial void LogHelloTimedOut(ILogger logger, string robot, long connection, int timeoutMs);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Robot {Robot} (connection {Connection}): no complete message for {TimeoutMs} ms; closed")]
    private static partial void LogIdleTimedOut(ILogger logger, string robot, long connection, int timeoutMs);

    [LoggerMessage(EventId = 432, Level = LogLevel.Warning, Message = "Robot {Robot} (connection {Connection}): no answer to the close within {TimeoutMs} ms; connection dropped")]
    private static partial void LogCloseTimedOut(ILogger logger, string robot, long connection, int timeoutMs);
}
