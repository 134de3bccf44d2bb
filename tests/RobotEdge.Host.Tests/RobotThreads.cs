namespace RobotEdge.Host.Tests;

/// <summary>
/// What the kernel says runs in this process and what it holds open: thread names from
/// /proc/self/task/*/comm (the runtime names the OS thread after <see cref="Thread.Name"/>, cut to 15
/// bytes) and open files from /proc/self/fd. Linux only, like the rest of the real-device tests.
/// </summary>
internal static class RobotThreads
{
    /// <summary>Threads whose OS name starts with <paramref name="prefix"/> (at most 15 characters).</summary>
    public static int Count(string prefix)
    {
        int count = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return count;
    }

    /// <summary>File descriptors of this process open on <paramref name="path"/>.</summary>
    public static int OpenDescriptors(string path)
    {
        string full = Path.GetFullPath(path);
        int count = 0;
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == full)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return count;
    }

    /// <summary>Polls <paramref name="condition"/> for up to 20 s (a loaded CI machine joins threads late); returns its last value.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 2000 && !condition(); i++)
        {
            Thread.Sleep(10);
        }

        return condition();
    }
}
