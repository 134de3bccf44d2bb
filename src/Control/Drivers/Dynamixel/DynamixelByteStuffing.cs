namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Byte stuffing of Protocol 2.0 (e-Manual, "Protocol 2.0", Packet Process): inside the instruction,
/// error and parameter fields every occurrence of <c>FF FF FD</c> is followed by an extra
/// <c>FD</c>, so the header <c>FF FF FD 00</c> can never appear inside a packet body. The length
/// field and the CRC are computed over the stuffed bytes. The receiver drops the <c>FD</c> that
/// follows each <c>FF FF FD</c> after checking the CRC.
/// All methods are allocation-free and real-time safe.
/// </summary>
public static class DynamixelByteStuffing
{
    /// <summary>Number of <c>FF FF FD</c> patterns in raw (unstuffed) bytes: the number of bytes stuffing adds.</summary>
    public static int CountPatterns(ReadOnlySpan<byte> raw)
    {
        int count = 0;
        for (int i = 2; i < raw.Length; i++)
        {
            if (raw[i] == 0xFD && raw[i - 1] == 0xFF && raw[i - 2] == 0xFF)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Length of <paramref name="raw"/> after stuffing.</summary>
    public static int GetStuffedLength(ReadOnlySpan<byte> raw) => raw.Length + CountPatterns(raw);

    /// <summary>Stuffs <paramref name="raw"/> into <paramref name="destination"/>.</summary>
    /// <returns>false when the destination is too small; <paramref name="written"/> is then 0.</returns>
    public static bool TryStuff(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < GetStuffedLength(raw))
        {
            return false;
        }

        int j = 0;
        int ffRun = 0;
        foreach (byte b in raw)
        {
            destination[j++] = b;
            if (b == 0xFF)
            {
                ffRun = Math.Min(ffRun + 1, 2);
                continue;
            }

            if (b == 0xFD && ffRun == 2)
            {
                destination[j++] = 0xFD;
            }

            ffRun = 0;
        }

        written = j;
        return true;
    }

    /// <summary>Removes stuffing from <paramref name="stuffed"/> into <paramref name="destination"/>.</summary>
    /// <returns>false when the destination is too small; <paramref name="written"/> is then the bytes written so far.</returns>
    public static bool TryUnstuff(ReadOnlySpan<byte> stuffed, Span<byte> destination, out int written) =>
        TryUnstuff(stuffed, 0, destination, out written);

    /// <summary>
    /// Removes stuffing, discarding the first <paramref name="skipOutput"/> unstuffed bytes (the
    /// instruction and error fields, which the parsers read themselves) and writing the rest.
    /// </summary>
    internal static bool TryUnstuff(ReadOnlySpan<byte> stuffed, int skipOutput, Span<byte> destination, out int written)
    {
        int emitted = 0;
        int j = 0;
        int ffRun = 0;
        bool dropNextFd = false;
        foreach (byte b in stuffed)
        {
            if (dropNextFd)
            {
                dropNextFd = false;
                if (b == 0xFD)
                {
                    continue;
                }
            }

            if (emitted++ >= skipOutput)
            {
                if (j == destination.Length)
                {
                    written = j;
                    return false;
                }

                destination[j++] = b;
            }

            if (b == 0xFF)
            {
                ffRun = Math.Min(ffRun + 1, 2);
                continue;
            }

            dropNextFd = b == 0xFD && ffRun == 2;
            ffRun = 0;
        }

        written = j;
        return true;
    }

    /// <summary>
    /// Stuffs in place: <paramref name="buffer"/> holds <paramref name="rawLength"/> raw bytes at its
    /// start and must be at least as long as the stuffed result. Works backwards so that no byte is
    /// overwritten before it is read. Returns the stuffed length.
    /// </summary>
    internal static int StuffInPlace(Span<byte> buffer, int rawLength, int patternCount)
    {
        int j = rawLength + patternCount - 1;
        for (int i = rawLength - 1; i >= 0 && j > i; i--)
        {
            byte b = buffer[i];
            buffer[j--] = b;

            // A pattern ends at i when the raw bytes read FF FF FD there; raw[i-1] and raw[i-2]
            // have not been overwritten yet because j > i throughout.
            if (b == 0xFD && i >= 2 && buffer[i - 1] == 0xFF && buffer[i - 2] == 0xFF)
            {
                buffer[j--] = 0xFD;
            }
        }

        return rawLength + patternCount;
    }
}
