using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace RobotEdge.Teleop.Server;

/// <summary>
/// One page's WebSocket. Everything sent to the page goes through its single send loop: replies
/// in order, then the newest state, then the newest video frame. A page that reads slowly makes its
/// loop slower, and frames and states that were superseded meanwhile are dropped (counted), never
/// queued — so a slow browser never holds anything up but its own view.
/// </summary>
internal sealed class ConsoleSession
{
    private readonly WebSocket _socket;
    private readonly ConcurrentQueue<byte[]> _replies = new();
    private readonly SemaphoreSlim _signal = new(0);
    private byte[]? _pendingState;
    private byte[]? _pendingFrame;
    private int _signalled;
    private long _droppedFrames;

    public ConsoleSession(WebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Random session id.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The signed-in operator, or null before sign-in.</summary>
    public string? Operator { get; set; }

    /// <summary>Whether the page has signed in.</summary>
    public bool SignedIn => Operator is not null;

    /// <summary>Frames superseded before this page's loop could send them.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Queues a reply (text); replies are never dropped.</summary>
    public void Reply(byte[] json)
    {
        _replies.Enqueue(json);
        Signal();
    }

    /// <summary>Replaces the pending state (text).</summary>
    public void OfferState(byte[] json)
    {
        Interlocked.Exchange(ref _pendingState, json);
        Signal();
    }

    /// <summary>Replaces the pending video frame (binary); a frame replaced unsent counts as dropped.</summary>
    public void OfferFrame(byte[] frame)
    {
        if (Interlocked.Exchange(ref _pendingFrame, frame) is not null)
        {
            Interlocked.Increment(ref _droppedFrames);
        }

        Signal();
    }

    /// <summary>Sends until the socket closes or <paramref name="cancel"/> fires.</summary>
    public async Task SendLoopAsync(CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                await _signal.WaitAsync(cancel).ConfigureAwait(false);
                Volatile.Write(ref _signalled, 0);
                while (_replies.TryDequeue(out byte[]? reply))
                {
                    await _socket.SendAsync(reply, WebSocketMessageType.Text, true, cancel).ConfigureAwait(false);
                }

                if (Interlocked.Exchange(ref _pendingState, null) is { } state)
                {
                    await _socket.SendAsync(state, WebSocketMessageType.Text, true, cancel).ConfigureAwait(false);
                }

                if (Interlocked.Exchange(ref _pendingFrame, null) is { } frame)
                {
                    await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancel).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The page went away; the receive side cleans up.
        }
    }

    private void Signal()
    {
        // One pending release at most: the loop drains everything each time it wakes.
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }
}
