using System.Runtime.InteropServices;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// Waits until an absolute time on the monotonic clock. On Linux it sleeps in the kernel with
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> — the clock <see cref="MonotonicClock"/>
/// reads — so a 500 Hz loop wakes within tens of microseconds without spinning a core. Elsewhere it
/// sleeps in 1 ms steps and yields for the remainder. Allocation-free; blocks the calling thread.
/// </summary>
public static partial class PreciseWait
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int Eintr = 4;

    private static readonly bool UseClockNanosleep = OperatingSystem.IsLinux() && MonotonicClock.UsesClockMonotonicNanoseconds;

    /// <summary>Returns at or shortly after <paramref name="timeNs"/> (monotonic clock, nanoseconds).</summary>
    public static void Until(long timeNs)
    {
        if (UseClockNanosleep)
        {
            var deadline = new Timespec { Seconds = timeNs / 1_000_000_000, Nanoseconds = timeNs % 1_000_000_000 };
            // clock_nanosleep returns the error number directly; EINTR (a signal) means sleep again.
            while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in deadline, IntPtr.Zero) == Eintr)
            {
            }

            return;
        }

        while (true)
        {
            long remaining = timeNs - MonotonicClock.GetTimestampNs();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > 1_500_000)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in Timespec request, IntPtr remain);
}
