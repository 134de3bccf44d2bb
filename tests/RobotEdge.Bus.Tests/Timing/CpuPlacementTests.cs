using RobotEdge.Bus.Timing;

namespace RobotEdge.Bus.Tests.Timing;

/// <summary>
/// Pinning a thread, checked against the kernel: the mask read back, and the CPU the thread then
/// runs on. Each case runs on a fresh thread of its own, so the test runner's threads stay where
/// they were.
/// </summary>
public sealed class CpuPlacementTests
{
    [Fact]
    public void A_thread_pinned_to_one_cpu_runs_there_and_reads_back_that_cpu_alone()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int[] allowed = AllowedCpus();
        Assert.NotEmpty(allowed);
        foreach (int cpu in allowed)
        {
            (bool pinned, int[] readBack, int[] ranOn) = OnFreshThread(() =>
            {
                bool ok = CpuPlacement.TryPinCurrentThread(cpu);
                int[] mask = AllowedCpus();
                // Several looks: the thread can only be seen on the CPU it is pinned to.
                var seen = new int[8];
                for (int i = 0; i < seen.Length; i++)
                {
                    Thread.Yield();
                    seen[i] = CpuPlacement.CurrentCpu();
                }

                return (ok, mask, seen);
            });

            Assert.True(pinned, $"pinning to CPU {cpu} was refused");
            Assert.Equal(new[] { cpu }, readBack);
            Assert.All(ranOn, c => Assert.Equal(cpu, c));
        }
    }

    [Fact]
    public void A_cpu_outside_the_mask_range_is_refused_and_leaves_the_thread_where_it_was()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int[] before = AllowedCpus();
        (bool pinned, int[] after) = OnFreshThread(() => (CpuPlacement.TryPinCurrentThread(4096), AllowedCpus()));

        Assert.False(pinned);
        Assert.Equal(before, after);
    }

    private static int[] AllowedCpus()
    {
        Span<int> cpus = stackalloc int[256];
        int n = CpuPlacement.GetAllowedCpus(cpus);
        return cpus[..n].ToArray();
    }

    private static T OnFreshThread<T>(Func<T> body)
    {
        T result = default!;
        var thread = new Thread(() => result = body());
        thread.Start();
        thread.Join();
        return result;
    }
}
