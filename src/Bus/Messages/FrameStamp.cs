namespace RobotEdge.Bus.Messages;

/// <summary>
/// Travels with every message derived from a camera frame so that latency is measured, not guessed.
/// </summary>
/// <param name="Sequence">The frame's sequence number, from 0, assigned by the frame source.</param>
/// <param name="CaptureNs">Capture time on the loop's clock (real or simulated), in nanoseconds.</param>
/// <param name="ReadyRealNs">
/// The real monotonic time (<see cref="Clocks.MonotonicClock"/>) where the frame's latency clock
/// starts (capture → command, capture → wire, the queue stage). In real-time mode it equals the
/// capture time: the driver's capture stamp where the source gives one (a V4L2 camera), otherwise
/// the time the source delivered the frame (see the frame source's documentation). In lockstep mode
/// it is when the frame became available to perception, since simulated waits do not count.
/// </param>
public readonly record struct FrameStamp(long Sequence, long CaptureNs, long ReadyRealNs);
