namespace RobotEdge.Edge.Tests.Support;

/// <summary>This process's resident memory, as the kernel counts it.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS of /proc/self/status, bytes.</summary>
    public static long RssBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
