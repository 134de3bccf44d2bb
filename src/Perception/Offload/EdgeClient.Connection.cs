using System.Net;
using System.Net.WebSockets;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Perception.Offload;

/// <summary>The connection: the supervisor that (re)connects with backoff, and the receive loop. Thread-pool tasks.</summary>
public sealed partial class EdgeClient
{
    /// <summary>The supervisor inside its fault barrier: a network error is handled inside; anything else is a defect.</summary>
    private async Task SupervisorBarrierAsync()
    {
        try
        {
            await SuperviseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && _shutdown.IsCancellationRequested))
        {
            Fail("connection", e);
        }
    }

    private async Task SuperviseAsync()
    {
        int failures = 0;
        CancellationToken stop = _shutdown.Token;
        while (!stop.IsCancellationRequested)
        {
            bool welcomed = false;
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.Token);
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    connectTimeout.CancelAfter(_options.ConnectTimeoutMs);
                    await socket.ConnectAsync(_options.Endpoint, connectTimeout.Token).ConfigureAwait(false);
                }

                // The sender says hello first, then pings and reports on this socket until it is lost.
                _connected = socket;
                _doorbell.Ring();
                welcomed = await ReceiveLoopAsync(socket, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNetworkError(e))
            {
                if (socket.HttpStatusCode == HttpStatusCode.Unauthorized)
                {
                    Refusals++;
                    LogRefused(_logger, _options.Endpoint);
                }
                else if (failures < 3 && !stop.IsCancellationRequested)
                {
                    LogConnectFailed(_logger, _options.Endpoint, e.Message);
                }
            }
            finally
            {
                LoseConnection();
                socket.Abort();
                socket.Dispose();
            }

            failures = welcomed ? 0 : failures + 1;
            int delayMs = (int)Math.Min(_options.BackoffMaxMs, (long)_options.BackoffInitialMs << Math.Min(failures, 16));
            try
            {
                await Task.Delay(delayMs, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives until the connection ends; returns whether the server welcomed this robot.</summary>
    private async Task<bool> ReceiveLoopAsync(ClientWebSocket socket, CancellationToken stop)
    {
        byte[] buffer = new byte[ReceiveBufferBytes];
        bool welcomed = false;
        while (socket.State == WebSocketState.Open)
        {
            int total = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (total == buffer.Length)
                {
                    LogProtocolError(_logger, "oversized message from the server");
                    return welcomed;
                }

                received = await socket.ReceiveAsync(buffer.AsMemory(total), stop).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return welcomed;
                }

                total += received.Count;
            }
            while (!received.EndOfMessage);

            long arrivedNs = MonotonicClock.GetTimestampNs();
            ReadOnlyMemory<byte> wire = buffer.AsMemory(0, total);
            if (WireCodec.TryReadInferResult(wire, ReceiveBufferBytes, _keypointValues, out InferResultView result, out WireError error))
            {
                OnResult(result, arrivedNs);
                continue;
            }

            EdgeToRobot? message = null;
            if (error == WireError.None)
            {
                error = WireCodec.TryDecode(wire, ReceiveBufferBytes, out message);
            }

            if (error != WireError.None)
            {
                LogProtocolError(_logger, error.ToString());
                continue;
            }

            switch (message)
            {
                case Welcome welcome:
                    RobotId = welcome.RobotId ?? "";
                    _robotIdUtf8 = System.Text.Encoding.UTF8.GetBytes(RobotId);
                    Clock.Reset();
                    welcomed = true;
                    Connections++;
                    _socket = socket;
                    LogWelcomed(_logger, RobotId, _options.Endpoint, welcome.MaxBatch);
                    break;
                case ClockPong p:
                    Clock.AddSample(p.RobotSendNs, p.EdgeReceiveNs, p.EdgeSendNs, arrivedNs);
                    break;
                case TaskAssignment task:
                    AssignedTaskId = task.TaskId;
                    break;
                case Refusal refusal:
                    LogServerRefused(_logger, refusal.Reason ?? "");
                    return welcomed;
            }
        }

        return welcomed;
    }

    /// <summary>Publishes an answer the compute thread waits for. Receive thread; no allocation.</summary>
    private void OnResult(in InferResultView result, long arrivedNs)
    {
        if (result.Sequence != Volatile.Read(ref _awaited))
        {
            return;
        }

        RoundTrips.Add(arrivedNs - Volatile.Read(ref _submittedNs));
        _answer.Sequence = result.Sequence;
        _answer.ArrivedNs = arrivedNs;
        _answer.BatchSize = (int)result.BatchSize;
        _answer.RejectReason = (int)result.Rejection;
        float[] values = _keypointValues;
        int count = Math.Min(result.KeypointValues / 3, Bus.Messages.KeypointSet.Capacity);
        if (result.Rejection != RejectReason.Unspecified || count == 0)
        {
            _answer.Status = EdgeAnswerStatus.Rejected;
            _answer.KeypointCount = 0;
        }
        else
        {
            _answer.Status = EdgeAnswerStatus.Pose;
            _answer.KeypointCount = count;
            for (int k = 0; k < count; k++)
            {
                _answer.Keypoints[k] = new Bus.Messages.Keypoint(values[3 * k], values[3 * k + 1], values[3 * k + 2]);
            }
        }

        Volatile.Write(ref _answeredSequence, result.Sequence);
        _answered.Ring();
    }
}
