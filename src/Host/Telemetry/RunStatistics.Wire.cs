using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Telemetry;

/// <summary>
/// Capture → wire and the interval between goal writes, from the buses' own stamps
/// (<see cref="WireTimeline"/>): drained on the telemetry thread, allocation-free per record.
/// </summary>
public sealed partial class RunStatistics
{
    private readonly WireState _wire;

    /// <summary>
    /// Capture → wire per frame, ms: from the frame's start (<see cref="Bus.Messages.FrameStamp.ReadyRealNs"/>)
    /// to the completion of the last bus's write carrying the frame's first command. Frames whose
    /// command some bus never wrote (superseded by a newer frame's first) have none.
    /// </summary>
    public LatencyRecorder CaptureToWireMs => _wire.CaptureToWireMs;

    /// <summary>Interval between successive goal writes of one bus, ms, all buses together (from each bus thread's own stamps).</summary>
    public LatencyRecorder BusWriteIntervalMs => _wire.WriteIntervalMs;

    /// <summary>Frames whose first command every bus has written.</summary>
    public long FramesOnWire { get; private set; }

    /// <summary>The buses' timelines this run reads (names, I/O thread scheduling, dropped records).</summary>
    public IReadOnlyList<WireTimeline> WireTimelines => _wire.Timelines;

    /// <summary>Called on the draining thread for each frame that reached the wire, after it is counted.</summary>
    public Action<WireRecord>? WireObserved { get; set; }

    private void DrainWire()
    {
        WireState w = _wire;
        for (int b = 0; b < w.Timelines.Count; b++)
        {
            WireTimeline timeline = w.Timelines[b];
            while (timeline.TryRead(out WireWrite write))
            {
                // An interval only between writes the ring kept back to back: a gap in the index is records lost, not a pause.
                if (write.Index == w.LastIndex[b] + 1)
                {
                    w.WriteIntervalMs.Add((write.WireRealNs - w.LastWireNs[b]) / NsPerMs);
                }

                w.LastIndex[b] = write.Index;
                w.LastWireNs[b] = write.WireRealNs;
                if (write.FirstForFrame)
                {
                    AddFrameWrite(write);
                }
            }
        }
    }

    /// <summary>One bus has written frame <c>write.Frame</c>'s first command; the frame is on the wire once every bus has.</summary>
    private void AddFrameWrite(in WireWrite write)
    {
        WireState w = _wire;
        long sequence = write.Frame.Sequence;
        int slot = (int)(sequence & (WireState.PendingSlots - 1));
        if (w.PendingSequence[slot] != sequence)
        {
            w.PendingSequence[slot] = sequence;
            w.PendingWireNs[slot] = write.WireRealNs;
            w.PendingBuses[slot] = 1;
        }
        else
        {
            w.PendingWireNs[slot] = Math.Max(w.PendingWireNs[slot], write.WireRealNs);
            w.PendingBuses[slot]++;
        }

        if (w.PendingBuses[slot] != w.Timelines.Count)
        {
            return;
        }

        var record = new WireRecord { Stamp = write.Frame, WireRealNs = w.PendingWireNs[slot] };
        w.PendingSequence[slot] = -1;
        FramesOnWire++;
        w.CaptureToWireMs.Add((record.WireRealNs - record.Stamp.ReadyRealNs) / NsPerMs);
        WireObserved?.Invoke(record);
    }

    /// <summary>The telemetry thread's bookkeeping per bus and per frame in flight; allocated once.</summary>
    private sealed class WireState
    {
        /// <summary>Frames in flight tracked at once (a power of two): far more than can wait between two buses' writes.</summary>
        public const int PendingSlots = 256;

        /// <summary>Most write intervals kept for the percentiles (the newest win; count and max cover all).</summary>
        private const int MaxIntervalSamples = 1 << 18;

        public WireState(IReadOnlyList<WireTimeline> timelines, int frameCapacity)
        {
            Timelines = timelines;
            LastIndex = new long[timelines.Count];
            Array.Fill(LastIndex, -2);
            LastWireNs = new long[timelines.Count];
            Array.Fill(PendingSequence, -1);
            CaptureToWireMs = new LatencyRecorder(frameCapacity);
            WriteIntervalMs = new LatencyRecorder(timelines.Count == 0 ? 1 : (int)Math.Min(MaxIntervalSamples, frameCapacity * 40L * timelines.Count));
        }

        public IReadOnlyList<WireTimeline> Timelines { get; }

        /// <summary>Per bus: index of the last write read (−2 before any, so the first has no predecessor).</summary>
        public long[] LastIndex { get; }

        /// <summary>Per bus: completion time of the last write read, ns.</summary>
        public long[] LastWireNs { get; }

        /// <summary>Per slot: the frame waiting for the other buses, or −1.</summary>
        public long[] PendingSequence { get; } = new long[PendingSlots];

        /// <summary>Per slot: the latest completion among the buses that wrote it, ns.</summary>
        public long[] PendingWireNs { get; } = new long[PendingSlots];

        /// <summary>Per slot: buses that have written it.</summary>
        public int[] PendingBuses { get; } = new int[PendingSlots];

        public LatencyRecorder CaptureToWireMs { get; }

        public LatencyRecorder WriteIntervalMs { get; }
    }
}
