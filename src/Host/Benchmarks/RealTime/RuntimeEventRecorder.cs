using System.Diagnostics.Tracing;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Listens in-process to the .NET runtime's own event source for what stops or delays managed threads:
/// runtime suspensions and their reason (GC, tiered compilation's call-counting and rejit, debugger),
/// GCs and the thread that triggered each, every JIT compilation with its thread and tier, allocation
/// ticks (about every 100 KB, naming the allocating thread and type), exceptions, lock contention and
/// the tiering worker's activity — with times converted to the monotonic clock the loop uses.
/// </summary>
/// <remarks>
/// The runtime hands these events to listeners on its own dispatch thread, in batches, some time
/// after they happened; <see cref="Flush"/> waits for the tail. That thread allocates for every event
/// (the event's arguments and payload, boxed), and an allocation can trigger a GC that suspends the
/// robot's threads: the recorder therefore measures what its thread allocated
/// (<see cref="ListenerAllocatedBytes"/>), and the benchmark can run without it (<c>--no-runtime-events</c>)
/// to show the difference. Events are stored in an array allocated once; beyond its capacity they are
/// counted in <see cref="Dropped"/>. Results are read after <see cref="Flush"/>.
/// </remarks>
public sealed class RuntimeEventRecorder : EventListener
{
    /// <summary>Events kept.</summary>
    public const int Capacity = 1 << 18;

    private const string RuntimeSourceName = "Microsoft-Windows-DotNETRuntime";

    /// <summary>GC | JIT | contention | exception | compilation (tiered-compilation worker) keywords.</summary>
    private const EventKeywords Keywords = (EventKeywords)(0x1 | 0x10 | 0x4000 | 0x8000 | 0x10_0000_0000);

    // Field initialisers run before the base constructor, which may already call OnEventSourceCreated.
    private readonly RuntimeEvent[] _events = new RuntimeEvent[Capacity];
    private readonly object _sourceGate = new();
    private EventSource? _runtime;
    private bool _armed;
    private int _count;
    private long _utcAnchorTicks;
    private long _monotonicAnchorNs;
    private long _firstAllocated = -1;
    private long _lastAllocated;
    private long _lastEventTimeNs;
    private long _received;
    private int _reserved;
    private long _dropped;

    /// <summary>Starts listening.</summary>
    public RuntimeEventRecorder()
    {
        // The runtime stamps events in UTC derived from the monotonic counter; one pair of readings
        // taken now maps them back (the two clocks move together over a run; a few microseconds apart).
        long before = MonotonicClock.GetTimestampNs();
        _utcAnchorTicks = DateTime.UtcNow.Ticks;
        long after = MonotonicClock.GetTimestampNs();
        _monotonicAnchorNs = before + (after - before) / 2;
        lock (_sourceGate)
        {
            _armed = true;
            if (_runtime is not null)
            {
                EnableEvents(_runtime, EventLevel.Verbose, Keywords);
            }
        }
    }

    /// <summary>Events kept (read after <see cref="Flush"/>).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Events of the kinds kept that arrived after the array was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events received in all, including those of kinds not kept.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Managed bytes allocated on the dispatch thread from the first event to the last (the listener's own cost).</summary>
    public long ListenerAllocatedBytes => _firstAllocated < 0 ? 0 : _lastAllocated - _firstAllocated;

    /// <summary>Kernel id of the runtime's dispatch thread (0 before the first event).</summary>
    public int DispatchThreadId { get; private set; }

    /// <summary>Event <paramref name="index"/> (below <see cref="Count"/>), in the order they arrived.</summary>
    public ref readonly RuntimeEvent this[int index] => ref _events[index];

    /// <summary>
    /// Waits until an event stamped at or after <paramref name="untilNs"/> has arrived, or the stream
    /// has been quiet for half a second, at most <paramref name="timeout"/>.
    /// </summary>
    public void Flush(long untilNs, TimeSpan timeout)
    {
        long deadline = MonotonicClock.GetTimestampNs() + (long)(timeout.TotalMilliseconds * 1e6);
        long seen = Received;
        long quietSince = MonotonicClock.GetTimestampNs();
        while (MonotonicClock.GetTimestampNs() < deadline && Volatile.Read(ref _lastEventTimeNs) < untilNs)
        {
            Thread.Sleep(50);
            long now = MonotonicClock.GetTimestampNs();
            if (Received != seen)
            {
                seen = Received;
                quietSince = now;
            }
            else if (now - quietSince > 500_000_000)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name != RuntimeSourceName)
        {
            return;
        }

        // Called from the base constructor for sources that already exist: the gate (a field
        // initialiser) exists, _armed says whether our constructor has run.
        lock (_sourceGate)
        {
            _runtime = eventSource;
            if (_armed)
            {
                EnableEvents(eventSource, EventLevel.Verbose, Keywords);
            }
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        if (_firstAllocated < 0)
        {
            _firstAllocated = allocated;
            DispatchThreadId = ProcFiles.CurrentThreadId();
        }

        _lastAllocated = allocated;
        Interlocked.Increment(ref _received);
        var kept = new RuntimeEvent { ThreadId = (int)e.OSThreadId, TimeNs = ToMonotonicNs(e.TimeStamp) };
        Volatile.Write(ref _lastEventTimeNs, kept.TimeNs);
        if (!TryDescribe(e, ref kept))
        {
            return;
        }

        // One dispatch thread delivers the runtime's events; a slot is still reserved atomically in
        // case another path ever calls in concurrently.
        int slot = Interlocked.Increment(ref _reserved) - 1;
        if (slot >= Capacity)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _events[slot] = kept;
        Interlocked.Increment(ref _count);
    }

    /// <summary>Maps an event's stamp (UTC, from the runtime's monotonic counter) onto <see cref="MonotonicClock"/>, ns.</summary>
    private long ToMonotonicNs(DateTime stamp)
    {
        long utcTicks = stamp.Kind == DateTimeKind.Local ? stamp.ToUniversalTime().Ticks : stamp.Ticks;
        return _monotonicAnchorNs + (utcTicks - _utcAnchorTicks) * 100;
    }

    /// <summary>Fills the kind, number and name of the events kept; false for the others.</summary>
    private static bool TryDescribe(EventWrittenEventArgs e, ref RuntimeEvent kept)
    {
        switch (e.EventId)
        {
            case 9:
                kept.Kind = RuntimeEventKind.SuspendBegin;
                kept.Value = Number(e, 0);
                return true;
            case 3:
                kept.Kind = RuntimeEventKind.RestartEnd;
                return true;
            case 1:
                kept.Kind = RuntimeEventKind.GcStart;
                kept.Value = Number(e, 1);
                return true;
            case 2:
                kept.Kind = RuntimeEventKind.GcEnd;
                kept.Value = Number(e, 1);
                return true;
            case 145:
                kept.Kind = RuntimeEventKind.JitStart;
                kept.Owner = Text(e, 4);
                kept.Text = Text(e, 5);
                return true;
            case 143:
                kept.Kind = RuntimeEventKind.JitEnd;
                // MethodFlags: the optimisation tier sits in bits 7 and up.
                kept.Value = (Number(e, 5) >> 7) & 0xF;
                kept.Owner = Text(e, 6);
                kept.Text = Text(e, 7);
                return true;
            case 10:
                kept.Kind = RuntimeEventKind.AllocationTick;
                kept.Value = Number(e, 3);
                kept.Text = Text(e, 5);
                return true;
            case 80:
                kept.Kind = RuntimeEventKind.Exception;
                kept.Text = Text(e, 0);
                return true;
            case 81:
                kept.Kind = RuntimeEventKind.ContentionStart;
                return true;
            case 91:
                kept.Kind = RuntimeEventKind.ContentionStop;
                return true;
            case 283:
                kept.Kind = RuntimeEventKind.BackgroundJitStart;
                return true;
            case 284:
                kept.Kind = RuntimeEventKind.BackgroundJitStop;
                return true;
            default:
                return false;
        }
    }

    private static long Number(EventWrittenEventArgs e, int index) =>
        e.Payload is { } payload && index < payload.Count && payload[index] is IConvertible value ? value.ToInt64(null) : 0;

    private static string? Text(EventWrittenEventArgs e, int index) =>
        e.Payload is { } payload && index < payload.Count ? payload[index] as string : null;
}
