using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Runtime;

public sealed partial class RealtimeRunner
{
    /// <summary>The robot threads the runner starts.</summary>
    private enum RobotThread
    {
        Camera,
        Compute,
        Control,
    }

    /// <summary>
    /// Places the calling robot thread on the CPUs, once, at its start (before its loop; not real-time).
    /// </summary>
    /// <remarks>
    /// Under SCHED_FIFO no thread is pinned: when the control thread wakes, the kernel's real-time
    /// placement puts it on whichever CPU runs the lowest-priority task at that instant — a core that
    /// the compute thread (FIFO 30) or anything at normal priority holds is taken at once — and a
    /// fixed mask could only remove the better choice on a 2-core machine. Without real-time priority
    /// every thread competes under the fair scheduler, where a waking thread may wait for the running
    /// one's slice: there the compute thread (which holds a core for the whole inference, 5–15 ms with
    /// the learned models) and the camera (the simulator renders on it) are kept off the first allowed
    /// CPU, and the control thread is kept on it, so that the control loop only ever shares its core
    /// with short work and the normal-priority rest of the machine.
    /// </remarks>
    private static void PlaceCurrentThread(RobotThread thread, bool realtime)
    {
        if (realtime)
        {
            return;
        }

        Span<int> allowed = stackalloc int[64];
        int count = CpuPlacement.GetAllowedCpus(allowed);
        if (count < 2)
        {
            return;
        }

        if (thread == RobotThread.Control)
        {
            CpuPlacement.TryPinCurrentThread(allowed[..1]);
        }
        else
        {
            CpuPlacement.TryPinCurrentThread(allowed[1..count]);
        }
    }
}
