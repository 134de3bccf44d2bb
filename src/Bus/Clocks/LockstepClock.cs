using System.Diagnostics;

namespace RobotEdge.Bus.Clocks;

/// <summary>
/// Simulated time that moves only when the simulator says so, which makes a simulated run
/// deterministic and lets it go faster (or slower) than real time. One thread (the simulator's
/// stepping thread) advances it; any number of threads may read <see cref="NowNs"/> concurrently.
/// </summary>
public sealed class LockstepClock : IClock
{
    /// <summary>Current simulated time, ns. Written only by the advancing thread; read by any.</summary>
    private long _nowNs;

    /// <summary>Creates a clock reading <paramref name="startNs"/> nanoseconds (0 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startNs"/> is negative.</exception>
    public LockstepClock(long startNs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startNs);
        _nowNs = startNs;
    }

    /// <summary>
    /// Current simulated time, ns. Any thread; real-time safe. The volatile read is atomic for a
    /// 64-bit value on every platform .NET runs on, so a reader never sees half of an update.
    /// </summary>
    public long NowNs => Volatile.Read(ref _nowNs);

    /// <summary>
    /// Moves time forward by <paramref name="deltaNs"/> nanoseconds (0 is allowed). Only the one
    /// advancing thread may call this or <see cref="AdvanceTo"/>. Real-time safe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaNs"/> is negative.</exception>
    /// <exception cref="OverflowException">The new time does not fit in a long.</exception>
    public void Advance(long deltaNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deltaNs);

        // Plain read: this thread is the only writer, so it always sees its own last write.
        Set(checked(_nowNs + deltaNs));
    }

    /// <summary>
    /// Moves time forward to <paramref name="timeNs"/>; advancing to the current time is a no-op.
    /// Only the one advancing thread may call this or <see cref="Advance"/>. Real-time safe.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeNs"/> is earlier than now.</exception>
    public void AdvanceTo(long timeNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeNs, _nowNs);
        Set(timeNs);
    }

    private void Set(long timeNs)
    {
        Debug.Assert(timeNs >= _nowNs, "Simulated time never goes backwards.");

        // Release: whatever the simulator wrote for this step (sensor states, frames) is visible to
        // a thread that reads the new time.
        Volatile.Write(ref _nowNs, timeNs);
    }
}
