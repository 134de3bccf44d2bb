using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// The kernel's running counts for the whole process (<c>getrusage(RUSAGE_SELF)</c>): page faults
/// and context switches of all its threads. Read before and after a stretch of a run, the difference
/// says whether its threads touched new memory (minor faults), waited for a disk read (major faults)
/// or were preempted (involuntary switches). Allocation-free; any thread; zero elsewhere than Linux.
/// </summary>
public readonly partial struct ProcessResourceUsage
{
    /// <summary>Page faults served without I/O (a first touch of a page).</summary>
    public long MinorFaults { get; init; }

    /// <summary>Page faults that waited for I/O (a page read back from disk).</summary>
    public long MajorFaults { get; init; }

    /// <summary>Context switches because a thread blocked or slept.</summary>
    public long VoluntarySwitches { get; init; }

    /// <summary>Context switches because a thread was preempted.</summary>
    public long InvoluntarySwitches { get; init; }

    /// <summary>The process's counts now.</summary>
    public static ProcessResourceUsage Read()
    {
        if (!OperatingSystem.IsLinux() || Native.GetRusage(Native.RusageSelf, out Native.Rusage u) != 0)
        {
            return default;
        }

        return new ProcessResourceUsage
        {
            MinorFaults = u.MinFlt,
            MajorFaults = u.MajFlt,
            VoluntarySwitches = u.NvCsw,
            InvoluntarySwitches = u.NivCsw,
        };
    }

    /// <summary>The counts from <paramref name="earlier"/> to <paramref name="later"/>.</summary>
    public static ProcessResourceUsage operator -(ProcessResourceUsage later, ProcessResourceUsage earlier) => new()
    {
        MinorFaults = later.MinorFaults - earlier.MinorFaults,
        MajorFaults = later.MajorFaults - earlier.MajorFaults,
        VoluntarySwitches = later.VoluntarySwitches - earlier.VoluntarySwitches,
        InvoluntarySwitches = later.InvoluntarySwitches - earlier.InvoluntarySwitches,
    };

    private static partial class Native
    {
        public const int RusageSelf = 0;

        /// <summary>Linux x86-64 / arm64 <c>struct rusage</c>: two timevals, then fourteen longs.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct Rusage
        {
            public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
            public long MaxRss, IxRss, IdRss, IsRss;
            public long MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
        }

        [LibraryImport("libc", EntryPoint = "getrusage")]
        public static partial int GetRusage(int who, out Rusage usage);
    }
}
