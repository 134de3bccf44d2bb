using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// Puts the calling thread under Linux's SCHED_FIFO real-time policy, so that compilers, browsers
/// and other normal-priority work on the machine cannot preempt the robot's loop. Needs root or
/// CAP_SYS_NICE (or an rtprio limit); without them the thread keeps its normal policy and the
/// caller is told so. Call once, at the start of the thread it applies to.
/// </summary>
public static partial class RealtimeScheduling
{
    private const int SchedFifo = 1;

    /// <summary>SCHED_FIFO priority of the camera thread.</summary>
    public const int CameraPriority = 20;

    /// <summary>SCHED_FIFO priority of the compute (perception and planning) thread.</summary>
    public const int ComputePriority = 30;

    /// <summary>SCHED_FIFO priority of the control loop's thread.</summary>
    public const int ControlPriority = 40;

    /// <summary>
    /// SCHED_FIFO priority of a bus's I/O thread (servo bus, CAN bus): the control loop's, since a
    /// command is not applied before the bus has written it. Both threads block on their waits (a
    /// timed wait, a port read), so at equal priority neither starves the other.
    /// </summary>
    public const int BusIoPriority = ControlPriority;

    /// <summary>
    /// Tries to run the calling thread at real-time priority <paramref name="priority"/> (1–99; the
    /// control loop above perception, perception above the camera). First takes the page faults of
    /// the thread's stack (<see cref="MemoryLock.PrefaultStack"/>), whatever the answer: a loop that
    /// will run at this priority should not take them inside its first deep call.
    /// </summary>
    /// <returns>true when the policy was applied.</returns>
    public static bool TryElevateCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        MemoryLock.PrefaultStack();
        var parameter = new SchedParam { Priority = Math.Clamp(priority, 1, 99) };
        // pid 0 = the calling thread (Linux schedules threads individually).
        return SchedSetScheduler(0, SchedFifo, in parameter) == 0;
    }

    /// <summary>Whether the calling thread runs under SCHED_FIFO now. Allocation-free.</summary>
    public static bool IsCurrentThreadRealtime() => OperatingSystem.IsLinux() && SchedGetScheduler(0) == SchedFifo;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, in SchedParam parameter);

    [LibraryImport("libc", EntryPoint = "sched_getscheduler")]
    private static partial int SchedGetScheduler(int pid);
}
