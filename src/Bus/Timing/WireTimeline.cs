using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// A bus's record of when its goal writes completed on the transport, for the run's capture → wire
/// latency and its write intervals: the bus's cycle thread (the only writer) calls
/// <see cref="RecordGoalWrite"/> after each write of goals returns; the telemetry thread (the only
/// reader) drains <see cref="TryRead"/>. Lock-free and allocation-free on both sides (an
/// <see cref="SpscRing{T}"/> underneath).
/// </summary>
/// <remarks>
/// When nobody drains (a bus run without telemetry), the ring fills and later writes are counted in
/// <see cref="DroppedCount"/> instead of being kept; <see cref="WireWrite.Index"/> then jumps, so a reader
/// never takes the gap for one long interval.
/// </remarks>
public sealed class WireTimeline
{
    /// <summary>Records held between drains: 16 s of writes at 1 kHz.</summary>
    public const int DefaultCapacity = 16_384;

    /// <summary>Cycle thread → telemetry thread.</summary>
    private readonly SpscRing<WireWrite> _ring;

    /// <summary>Cycle thread only: sequence of the newest frame whose commands were written; −1 before any.</summary>
    private long _lastFrameSequence = -1;

    /// <summary>Cycle thread only: goal writes recorded so far.</summary>
    private long _writeCount;

    /// <summary>Written by the cycle thread, read by any: records lost to a full ring.</summary>
    private long _droppedCount;

    /// <summary>0 unknown (the I/O thread has not started), 1 SCHED_FIFO, 2 normal scheduling; written once by the I/O thread.</summary>
    private int _ioThreadScheduling;

    /// <summary>Creates the timeline of the bus named <paramref name="busName"/>. Allocates; not on the hot path.</summary>
    /// <param name="busName">How reports name the bus and its I/O thread (e.g. "servo-bus /dev/ttyUSB0").</param>
    /// <param name="capacity">Records held between drains.</param>
    public WireTimeline(string busName, int capacity = DefaultCapacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(busName);
        BusName = busName;
        _ring = new SpscRing<WireWrite>(capacity);
    }

    /// <summary>The bus's name in reports.</summary>
    public string BusName { get; }

    /// <summary>Records lost because the ring was full. Any thread; a recent snapshot.</summary>
    public long DroppedCount => Volatile.Read(ref _droppedCount);

    /// <summary>
    /// Whether the bus's I/O thread runs under SCHED_FIFO: null until that thread has started (or for a
    /// bus without one, whose writes run on the control thread or a lockstep caller). Any thread.
    /// </summary>
    public bool? IoThreadRealtime => Volatile.Read(ref _ioThreadScheduling) switch
    {
        1 => true,
        2 => false,
        _ => null,
    };

    /// <summary>Called once by the bus's I/O thread with the outcome of its real-time request (<see cref="RealtimeScheduling.TryElevateCurrentThread"/>).</summary>
    public void SetIoThreadRealtime(bool realtime) => Volatile.Write(ref _ioThreadScheduling, realtime ? 1 : 2);

    /// <summary>
    /// Records that a write of goals carrying <paramref name="command"/> completed at
    /// <paramref name="wireRealNs"/> (real monotonic clock). The first write whose command comes from
    /// a frame newer than the last one written marks that frame's capture → wire time. Cycle thread
    /// only; real-time safe: no allocation, no lock, no blocking.
    /// </summary>
    public void RecordGoalWrite(in JointCommand command, long wireRealNs)
    {
        var write = new WireWrite { Index = _writeCount++, WireRealNs = wireRealNs };
        if (command.HasSourceFrame && command.SourceFrame.Sequence > _lastFrameSequence)
        {
            _lastFrameSequence = command.SourceFrame.Sequence;
            write.FirstForFrame = true;
            write.Frame = command.SourceFrame;
        }

        if (!_ring.TryWrite(write))
        {
            Volatile.Write(ref _droppedCount, _droppedCount + 1);
        }
    }

    /// <summary>Takes the oldest record not yet read. Telemetry thread only; real-time safe.</summary>
    public bool TryRead(out WireWrite write) => _ring.TryRead(out write);
}
