using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Allocation-free reads of Linux's /proc for the sampler thread: files opened once and read again
/// with <c>pread</c> at offset 0 (the kernel regenerates a /proc file on each read from its start),
/// the process's threads listed with <c>readdir</c>, numbers parsed from bytes. Linux only; every
/// method is safe to call from a thread that must not allocate, and none throws for a thread that
/// has ended (its reads fail and say so).
/// </summary>
public static unsafe partial class ProcFiles
{
    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>Offset of <c>d_name</c> in glibc's <c>struct dirent</c> on 64-bit Linux (d_ino 8, d_off 8, d_reclen 2, d_type 1).</summary>
    private const int DirentNameOffset = 19;

    /// <summary>Ticks per second of the kernel's /proc/stat counters (USER_HZ, 100 on every Linux ABI .NET runs on).</summary>
    public const long UserHz = 100;

    /// <summary>Opens the NUL-terminated path <paramref name="pathZ"/> read-only; −1 when it cannot be opened.</summary>
    public static int Open(ReadOnlySpan<byte> pathZ)
    {
        fixed (byte* p = pathZ)
        {
            return OpenFile(p, OpenReadOnly | OpenCloseOnExec);
        }
    }

    /// <summary>Reads file <paramref name="fd"/> from its start into <paramref name="buffer"/>; the byte count, or −1 (the thread has ended).</summary>
    public static int ReadFromStart(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)PRead(fd, p, buffer.Length, 0);
        }
    }

    /// <summary>Closes <paramref name="fd"/> (−1 is ignored).</summary>
    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            CloseFile(fd);
        }
    }

    /// <summary>The calling thread's kernel id.</summary>
    public static int CurrentThreadId() => GetTid();

    /// <summary>
    /// Writes the ids of the process's threads (the entries of /proc/self/task) into
    /// <paramref name="tids"/>; returns how many were written (at most its length).
    /// </summary>
    public static int ListThreads(Span<int> tids)
    {
        nint dir;
        fixed (byte* path = "/proc/self/task\0"u8)
        {
            dir = OpenDir(path);
        }

        if (dir == 0)
        {
            return 0;
        }

        int count = 0;
        try
        {
            nint entry;
            while (count < tids.Length && (entry = ReadDir(dir)) != 0)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (Utf8Parser.TryParse(name, out int tid, out int used) && used == name.Length)
                {
                    tids[count++] = tid;
                }
            }
        }
        finally
        {
            CloseDir(dir);
        }

        return count;
    }

    /// <summary>Writes "/proc/self/task/&lt;tid&gt;/&lt;file&gt;" and a NUL into <paramref name="destination"/>; returns the span written.</summary>
    public static ReadOnlySpan<byte> TaskFilePath(Span<byte> destination, int tid, ReadOnlySpan<byte> file)
    {
        ReadOnlySpan<byte> prefix = "/proc/self/task/"u8;
        prefix.CopyTo(destination);
        int at = prefix.Length;
        Utf8Formatter.TryFormat(tid, destination[at..], out int written);
        at += written;
        destination[at++] = (byte)'/';
        file.CopyTo(destination[at..]);
        at += file.Length;
        destination[at++] = 0;
        return destination[..at];
    }

    /// <summary>
    /// The <paramref name="index"/>-th (from 0) space-separated decimal number of <paramref name="text"/>,
    /// or −1 when there is none.
    /// </summary>
    public static long Field(ReadOnlySpan<byte> text, int index)
    {
        int field = 0, i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\n'))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && text[i] != (byte)' ' && text[i] != (byte)'\n')
            {
                i++;
            }

            if (i > start && field++ == index)
            {
                return Utf8Parser.TryParse(text[start..i], out long value, out _) ? value : -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// Field <paramref name="number"/> (1-based, as proc(5) numbers them) of a /proc/…/stat line, whose
    /// second field (the command name in parentheses) may itself hold spaces; −1 when absent.
    /// </summary>
    public static long StatField(ReadOnlySpan<byte> stat, int number)
    {
        int close = stat.LastIndexOf((byte)')');
        // After ") " come fields 3, 4, …
        return close < 0 ? -1 : Field(stat[(close + 1)..], number - 3);
    }

    /// <summary>Busy time of all CPUs from /proc/stat's first line (user + nice + system + irq + softirq), ns; −1 when unreadable.</summary>
    public static long SystemBusyNs(ReadOnlySpan<byte> procStat) => SumOfCpuFields(procStat, BusyFields);

    /// <summary>
    /// Time the hypervisor ran something else while the virtual CPUs had work (/proc/stat's steal
    /// column, all CPUs), ns; −1 when unreadable. 0 on bare metal.
    /// </summary>
    public static long SystemStealNs(ReadOnlySpan<byte> procStat) => SumOfCpuFields(procStat, StealField);

    private static long SumOfCpuFields(ReadOnlySpan<byte> procStat, ReadOnlySpan<int> fields)
    {
        // "cpu  user nice system idle iowait irq softirq steal …": the first line only, without its label.
        int endOfLine = procStat.IndexOf((byte)'\n');
        if (endOfLine > 0)
        {
            procStat = procStat[..endOfLine];
        }

        int space = procStat.IndexOf((byte)' ');
        if (space < 0)
        {
            return -1;
        }

        ReadOnlySpan<byte> numbers = procStat[space..];
        long busy = 0;
        foreach (int field in fields)
        {
            long value = Field(numbers, field);
            if (value < 0)
            {
                return -1;
            }

            busy += value;
        }

        return busy * (1_000_000_000 / UserHz);
    }

    /// <summary>/proc/stat's busy columns after the label: user, nice, system, irq, softirq (idle, iowait and steal left out).</summary>
    private static ReadOnlySpan<int> BusyFields => [0, 1, 2, 5, 6];

    /// <summary>/proc/stat's steal column after the label.</summary>
    private static ReadOnlySpan<int> StealField => [7];

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenFile(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFile(int fd);

    [LibraryImport("libc", EntryPoint = "opendir")]
    private static partial nint OpenDir(byte* path);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial nint ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint dir);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
