namespace RobotEdge.Bus.Clocks;

/// <summary>
/// The one time source of a robot process: the real <see cref="MonotonicClock"/>, or the simulator's
/// <see cref="LockstepClock"/>, so that a simulated run is deterministic and may run faster than real
/// time. Every timestamp on the bus (capture, plan, command) comes from the loop's clock.
/// </summary>
public interface IClock
{
    /// <summary>
    /// Current time in nanoseconds on a monotonic time base: it never goes backwards and has no
    /// relation to wall-clock (calendar) time; only differences between two readings mean anything.
    /// Safe to read from any thread; real-time safe (no allocation, no blocking).
    /// </summary>
    long NowNs { get; }
}
