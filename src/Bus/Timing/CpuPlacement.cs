using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// Pins the calling thread to a set of CPUs with Linux's <c>sched_setaffinity</c>, so that a
/// real-time thread and the work that would otherwise interrupt it (a compute thread holding a core
/// for milliseconds, ONNX Runtime's workers) are kept on different cores. Allowed for any thread of
/// one's own process; a CPU that is offline or outside the process's cgroup makes the call fail and
/// leaves the thread where it was. Allocation-free; call once, at the start of the thread it applies to.
/// </summary>
public static partial class CpuPlacement
{
    /// <summary>CPUs a <c>cpu_set_t</c> holds (glibc's fixed 1024-bit mask).</summary>
    private const int MaxCpus = 1024;

    /// <summary>
    /// Restricts the calling thread to the CPUs in <paramref name="cpus"/> (0-based; an index outside
    /// 0–1023 fails the call).
    /// </summary>
    /// <returns>true when the kernel applied the mask; false elsewhere than Linux or when refused.</returns>
    public static bool TryPinCurrentThread(ReadOnlySpan<int> cpus)
    {
        if (!OperatingSystem.IsLinux() || cpus.IsEmpty)
        {
            return false;
        }

        var mask = default(CpuSet);
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= MaxCpus)
            {
                return false;
            }

            mask.Bits[cpu / 64] |= 1UL << (cpu % 64);
        }

        // pid 0 = the calling thread (Linux schedules threads individually).
        return SchedSetAffinity(0, (nuint)System.Runtime.CompilerServices.Unsafe.SizeOf<CpuSet>(), in mask) == 0;
    }

    /// <summary>Restricts the calling thread to CPU <paramref name="cpu"/>.</summary>
    /// <returns>true when the kernel applied it.</returns>
    public static bool TryPinCurrentThread(int cpu) => TryPinCurrentThread([cpu]);

    /// <summary>
    /// Writes the CPUs the calling thread may run on (its affinity mask, inherited from the process
    /// unless the thread was pinned), ascending, into <paramref name="cpus"/>.
    /// </summary>
    /// <returns>How many were written (at most <paramref name="cpus"/>' length); 0 elsewhere than Linux or when the kernel refused.</returns>
    public static int GetAllowedCpus(Span<int> cpus)
    {
        if (!OperatingSystem.IsLinux() || SchedGetAffinity(0, (nuint)System.Runtime.CompilerServices.Unsafe.SizeOf<CpuSet>(), out CpuSet mask) != 0)
        {
            return 0;
        }

        int written = 0;
        for (int cpu = 0; cpu < MaxCpus && written < cpus.Length; cpu++)
        {
            if ((mask.Bits[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus[written++] = cpu;
            }
        }

        return written;
    }

    /// <summary>
    /// The CPU the calling thread is running on at this instant (<c>sched_getcpu</c>), or -1 elsewhere
    /// than Linux. A thread that is not pinned may be on another one by the time the caller looks.
    /// </summary>
    public static int CurrentCpu() => OperatingSystem.IsLinux() ? SchedGetCpu() : -1;

    /// <summary>glibc's <c>cpu_set_t</c>: 1024 bits.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CpuSet
    {
        public CpuBits Bits;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxCpus / 64)]
    private struct CpuBits
    {
        private ulong _element;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, in CpuSet mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, out CpuSet mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();
}
