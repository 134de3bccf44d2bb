using System.Runtime;
using System.Text;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// Samples, every <see cref="IntervalMs"/>, what every thread of this process has run so far and how
/// long it waited runnable for a CPU (<c>/proc/self/task/&lt;tid&gt;/schedstat</c>, ns), the process's
/// page faults (<c>/proc/self/stat</c>), the whole machine's busy CPU time (<c>/proc/stat</c>) and the
/// runtime's own counters (total GC pause, methods JIT-compiled and their compile time), so that an
/// overrun can be matched with what ran around it. Linux only (elsewhere <see cref="Supported"/> is
/// false and nothing is sampled).
/// </summary>
/// <remarks>
/// The sampler thread runs under SCHED_FIFO priority 1 when it can: above every normal thread (a CPU
/// hog cannot starve it) and below every robot thread, which it therefore cannot delay. Everything it
/// writes is allocated before it starts; a sample is one <c>pread</c> per thread plus three, with no
/// managed allocation (threads that appear during the run are found by a rescan every
/// <see cref="RescanEverySamples"/> samples). Results are read after <see cref="Stop"/>.
/// </remarks>
public sealed class ThreadActivitySampler : IDisposable
{
    /// <summary>Most threads followed.</summary>
    public const int MaxThreads = 64;

    /// <summary>Samples between two scans of /proc/self/task for new threads.</summary>
    public const int RescanEverySamples = 10;

    /// <summary>The sampler's SCHED_FIFO priority: the lowest real-time one.</summary>
    private const int SamplerPriority = 1;

    private const int CommLength = 16;

    private readonly int _capacity;
    private readonly long[] _timeNs;
    private readonly long[] _runNs;
    private readonly long[] _waitNs;
    private readonly long[] _minorFaults;
    private readonly long[] _majorFaults;
    private readonly long[] _systemBusyNs;
    private readonly long[] _stealNs;
    private readonly long[] _gcPauseNs;
    private readonly long[] _jitMethods;
    private readonly long[] _jitNs;
    private readonly int[] _tids = new int[MaxThreads];
    private readonly int[] _schedstatFds = new int[MaxThreads];
    private readonly int[] _firstSample = new int[MaxThreads];
    private readonly byte[] _comm = new byte[MaxThreads * CommLength];
    private readonly int[] _scratchTids = new int[MaxThreads * 4];
    private readonly byte[] _buffer = new byte[1024];
    private readonly byte[] _path = new byte[96];
    private int _processStatFd = -1;
    private int _systemStatFd = -1;
    private int _threadCount;
    private int _count;
    private volatile bool _stop;
    private volatile bool _rescanRequested;
    private Thread? _thread;

    /// <summary>Creates a sampler holding up to <paramref name="capacity"/> samples taken every <paramref name="intervalMs"/>.</summary>
    public ThreadActivitySampler(int intervalMs, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        IntervalMs = intervalMs;
        _capacity = capacity;
        _timeNs = new long[capacity];
        _runNs = new long[capacity * MaxThreads];
        _waitNs = new long[capacity * MaxThreads];
        _minorFaults = new long[capacity];
        _majorFaults = new long[capacity];
        _systemBusyNs = new long[capacity];
        _stealNs = new long[capacity];
        _gcPauseNs = new long[capacity];
        _jitMethods = new long[capacity];
        _jitNs = new long[capacity];
        Array.Fill(_schedstatFds, -1);
    }

    /// <summary>Whether this platform has the /proc files the sampler reads.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/self/schedstat");

    /// <summary>Sampling interval, ms.</summary>
    public int IntervalMs { get; }

    /// <summary>Samples taken (valid after <see cref="Stop"/>).</summary>
    public int SampleCount => _count;

    /// <summary>Threads seen.</summary>
    public int ThreadCount => _threadCount;

    /// <summary>The sampler thread's kernel id (0 before it started).</summary>
    public int SamplerThreadId { get; private set; }

    /// <summary>Whether the sampler thread got SCHED_FIFO.</summary>
    public bool SamplerRealtime { get; private set; }

    /// <summary>
    /// Managed bytes the sampler thread allocated from its <see cref="SteadyFromSample"/>-th sample to
    /// its last (its own cost to the GC; 0 expected); −1 when it took fewer samples.
    /// </summary>
    public long SteadyAllocatedBytes { get; private set; } = -1;

    /// <summary>The sample from which <see cref="SteadyAllocatedBytes"/> counts (the first ones compile the sampler's code).</summary>
    public const int SteadyFromSample = 10;

    /// <summary>Samples not taken because the buffer was full.</summary>
    public long DroppedSamples { get; private set; }

    /// <summary>Time of sample <paramref name="k"/>, monotonic ns.</summary>
    public long TimeNs(int k) => _timeNs[k];

    /// <summary>Kernel id of thread <paramref name="slot"/>.</summary>
    public int ThreadId(int slot) => _tids[slot];

    /// <summary>Thread <paramref name="slot"/>'s name as the kernel has it (15 characters at most).</summary>
    public string ThreadName(int slot)
    {
        ReadOnlySpan<byte> comm = _comm.AsSpan(slot * CommLength, CommLength);
        int end = comm.IndexOfAny((byte)0, (byte)'\n');
        return Encoding.UTF8.GetString(end < 0 ? comm : comm[..end]);
    }

    /// <summary>First sample in which thread <paramref name="slot"/> was seen (its counters are 0 before).</summary>
    public int FirstSample(int slot) => _firstSample[slot];

    /// <summary>CPU time thread <paramref name="slot"/> had run by sample <paramref name="k"/>, ns (its last value once it ended).</summary>
    public long RunNs(int k, int slot) => _runNs[k * MaxThreads + slot];

    /// <summary>Time thread <paramref name="slot"/> had spent runnable but waiting for a CPU by sample <paramref name="k"/>, ns.</summary>
    public long WaitNs(int k, int slot) => _waitNs[k * MaxThreads + slot];

    /// <summary>The process's minor page faults by sample <paramref name="k"/>.</summary>
    public long MinorFaults(int k) => _minorFaults[k];

    /// <summary>The process's major page faults (read from disk) by sample <paramref name="k"/>.</summary>
    public long MajorFaults(int k) => _majorFaults[k];

    /// <summary>Busy CPU time of the whole machine (all CPUs) by sample <paramref name="k"/>, ns, in steps of 10 ms.</summary>
    public long SystemBusyNs(int k) => _systemBusyNs[k];

    /// <summary>Time the hypervisor kept the machine's virtual CPUs from running by sample <paramref name="k"/>, ns, in steps of 10 ms (0 on bare metal).</summary>
    public long StealNs(int k) => _stealNs[k];

    /// <summary>The runtime's total GC pause by sample <paramref name="k"/> (<see cref="GC.GetTotalPauseDuration"/>), ns.</summary>
    public long GcPauseNs(int k) => _gcPauseNs[k];

    /// <summary>Methods the JIT had compiled by sample <paramref name="k"/> (<see cref="System.Runtime.JitInfo.GetCompiledMethodCount"/>).</summary>
    public long JitMethods(int k) => _jitMethods[k];

    /// <summary>Time spent in the JIT by sample <paramref name="k"/>, ns.</summary>
    public long JitNs(int k) => _jitNs[k];

    /// <summary>The slot of thread <paramref name="tid"/>, or −1.</summary>
    public int SlotOf(int tid)
    {
        for (int s = 0; s < _threadCount; s++)
        {
            if (_tids[s] == tid)
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>Starts sampling on its own thread (no-op where <see cref="Supported"/> is false).</summary>
    public void Start()
    {
        if (!Supported || _thread is not null)
        {
            return;
        }

        _processStatFd = ProcFiles.Open("/proc/self/stat\0"u8);
        _systemStatFd = ProcFiles.Open("/proc/stat\0"u8);
        _thread = new Thread(Run) { Name = "rtbench-sampler", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Asks for a scan for new threads before the next sample (call after starting threads whose first milliseconds matter). Any thread.</summary>
    public void RequestRescan() => _rescanRequested = true;

    /// <summary>Takes a last sample, ends the sampler thread and reads the final thread names.</summary>
    public void Stop()
    {
        if (_thread is null)
        {
            return;
        }

        _stop = true;
        _thread.Join();
        _thread = null;
        for (int s = 0; s < _threadCount; s++)
        {
            ReadComm(s);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        for (int s = 0; s < _threadCount; s++)
        {
            ProcFiles.Close(_schedstatFds[s]);
            _schedstatFds[s] = -1;
        }

        ProcFiles.Close(_processStatFd);
        ProcFiles.Close(_systemStatFd);
        _processStatFd = _systemStatFd = -1;
    }

    private void Run()
    {
        SamplerRealtime = RealtimeScheduling.TryElevateCurrentThread(SamplerPriority);
        SamplerThreadId = ProcFiles.CurrentThreadId();
        long intervalNs = IntervalMs * 1_000_000L;
        long next = MonotonicClock.GetTimestampNs();
        int sinceRescan = RescanEverySamples;
        long steadyStartBytes = 0;
        while (true)
        {
            if (_count == SteadyFromSample)
            {
                steadyStartBytes = GC.GetAllocatedBytesForCurrentThread();
            }

            bool last = _stop;
            if (++sinceRescan >= RescanEverySamples || last || _rescanRequested)
            {
                _rescanRequested = false;
                Rescan();
                sinceRescan = 0;
            }

            Sample();
            if (last)
            {
                if (_count > SteadyFromSample)
                {
                    SteadyAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - steadyStartBytes;
                }

                return;
            }

            next += intervalNs;
            long now = MonotonicClock.GetTimestampNs();
            if (now - next > intervalNs)
            {
                next = now;
            }

            PreciseWait.Until(next);
        }
    }

    /// <summary>Finds threads not yet followed and opens their schedstat file. Sampler thread only.</summary>
    private void Rescan()
    {
        Span<int> tids = _scratchTids;
        int found = ProcFiles.ListThreads(tids);
        for (int i = 0; i < found && _threadCount < MaxThreads; i++)
        {
            if (SlotOf(tids[i]) >= 0)
            {
                continue;
            }

            int slot = _threadCount;
            _tids[slot] = tids[i];
            _schedstatFds[slot] = ProcFiles.Open(ProcFiles.TaskFilePath(_path, tids[i], "schedstat"u8));
            _firstSample[slot] = _count;
            ReadComm(slot);
            _threadCount = slot + 1;
        }
    }

    /// <summary>Reads thread <paramref name="slot"/>'s name; keeps the old one when the thread has ended.</summary>
    private void ReadComm(int slot)
    {
        int fd = ProcFiles.Open(ProcFiles.TaskFilePath(_path, _tids[slot], "comm"u8));
        if (fd < 0)
        {
            return;
        }

        Span<byte> comm = stackalloc byte[CommLength];
        int read = ProcFiles.ReadFromStart(fd, comm);
        ProcFiles.Close(fd);
        if (read > 0)
        {
            Span<byte> name = _comm.AsSpan(slot * CommLength, CommLength);
            name.Clear();
            comm[..read].CopyTo(name);
        }
    }

    /// <summary>Takes one sample. Sampler thread only; allocation-free.</summary>
    private void Sample()
    {
        int k = _count;
        if (k == _capacity)
        {
            DroppedSamples++;
            return;
        }

        _timeNs[k] = MonotonicClock.GetTimestampNs();
        Span<byte> buffer = _buffer;
        for (int s = 0; s < _threadCount; s++)
        {
            int at = k * MaxThreads + s;
            int read = _schedstatFds[s] >= 0 ? ProcFiles.ReadFromStart(_schedstatFds[s], buffer) : -1;
            long run = read > 0 ? ProcFiles.Field(buffer[..read], 0) : -1;
            long wait = read > 0 ? ProcFiles.Field(buffer[..read], 1) : -1;
            if (run < 0 || wait < 0)
            {
                // The thread has ended: its counters stay where they were.
                _runNs[at] = k > 0 ? _runNs[at - MaxThreads] : 0;
                _waitNs[at] = k > 0 ? _waitNs[at - MaxThreads] : 0;
                continue;
            }

            _runNs[at] = run;
            _waitNs[at] = wait;
        }

        int statRead = ProcFiles.ReadFromStart(_processStatFd, buffer);
        // proc(5): field 10 minflt, field 12 majflt.
        _minorFaults[k] = statRead > 0 ? ProcFiles.StatField(buffer[..statRead], 10) : 0;
        _majorFaults[k] = statRead > 0 ? ProcFiles.StatField(buffer[..statRead], 12) : 0;
        int systemRead = ProcFiles.ReadFromStart(_systemStatFd, buffer);
        _systemBusyNs[k] = systemRead > 0 ? ProcFiles.SystemBusyNs(buffer[..systemRead]) : 0;
        _stealNs[k] = systemRead > 0 ? ProcFiles.SystemStealNs(buffer[..systemRead]) : 0;
        _gcPauseNs[k] = GC.GetTotalPauseDuration().Ticks * 100;
        _jitMethods[k] = JitInfo.GetCompiledMethodCount();
        _jitNs[k] = JitInfo.GetCompilationTime().Ticks * 100;
        _count = k + 1;
    }
}
