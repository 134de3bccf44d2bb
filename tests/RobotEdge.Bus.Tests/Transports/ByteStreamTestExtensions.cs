using RobotEdge.Bus.Transports;

namespace RobotEdge.Bus.Tests.Transports;

/// <summary>Test helpers over <see cref="IByteStream"/>.</summary>
internal static class ByteStreamTestExtensions
{
    /// <summary>Reads exactly <paramref name="count"/> bytes or fails the test after <paramref name="timeoutMs"/>.</summary>
    public static byte[] ReadExactly(this IByteStream stream, int count, int timeoutMs = 2000)
    {
        byte[] result = new byte[count];
        int filled = 0;
        long deadline = Environment.TickCount64 + timeoutMs;
        while (filled < count)
        {
            int remaining = (int)Math.Max(0, deadline - Environment.TickCount64);
            int read = stream.Read(result.AsSpan(filled), remaining);
            if (read == 0)
            {
                Assert.Fail($"timed out after {timeoutMs} ms with {filled} of {count} bytes");
            }

            filled += read;
        }

        return result;
    }

    /// <summary>Writes all of <paramref name="data"/> or fails the test.</summary>
    public static void WriteAll(this IByteStream stream, ReadOnlySpan<byte> data)
    {
        int written = stream.Write(data);
        Assert.Equal(data.Length, written);
    }

    /// <summary>Asserts nothing more arrives within <paramref name="quietMs"/>.</summary>
    public static void AssertNothingMore(this IByteStream stream, int quietMs = 50)
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.Equal(0, stream.Read(buffer, quietMs));
    }
}
