namespace RobotEdge.Bus.Messages;

/// <summary>
/// Travels with every message derived from a camera frame so that latency is measured, not guessed.
/// </summary>
/// <param name="Sequence">The frame's sequence number, from 0, assigned by the frame source.</param>
/// <param name="CaptureNs">Capture time on the loop's clock (real or simulated), in nanoseconds.</param>
/// <param name="ReadyRealNs">
/// The real monotonic time (<see cref="Clocks.MonotonicClock"/>) at which the frame became available to
/// perception. In real-time mode it equals the capture time; in lockstep mode it is where compute
/// latency starts, since simulated waits do not count.
/// </param>
public readonly record struct FrameStamp(long Sequence, long CaptureNs, long ReadyRealNs);
