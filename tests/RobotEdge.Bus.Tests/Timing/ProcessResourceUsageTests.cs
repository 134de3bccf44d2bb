using System.Runtime.InteropServices;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Bus.Tests.Timing;

/// <summary>The process's page-fault count, checked against pages touched for the first time.</summary>
public sealed class ProcessResourceUsageTests
{
    [Fact]
    public void Touching_fresh_pages_shows_as_that_many_minor_faults_at_least()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int pages = 2048;
        const int pageBytes = 4096;
        nint memory = Marshal.AllocHGlobal(pages * pageBytes + pageBytes);
        try
        {
            // Large enough that glibc maps it fresh (over its 128 KiB mmap threshold): no page is resident yet.
            ProcessResourceUsage before = ProcessResourceUsage.Read();
            for (int i = 0; i < pages; i++)
            {
                Marshal.WriteByte(memory, i * pageBytes, 1);
            }

            ProcessResourceUsage touched = ProcessResourceUsage.Read() - before;
            // Other threads of the test run fault too, so the count can only be larger; half the pages
            // leaves room for a kernel that maps more than one page per fault (a transparent huge page).
            Assert.True(touched.MinorFaults >= pages / 2, $"{touched.MinorFaults} minor faults for {pages} freshly touched pages");
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }
    }
}
