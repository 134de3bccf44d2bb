using System.Diagnostics.CodeAnalysis;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// The Lawicel SLCAN ASCII protocol, frame lines and the bitrate command, encoded into and decoded
/// from caller-provided spans: no allocation, no state, safe from any thread.
/// </summary>
/// <remarks>
/// <para>Frame lines (host → adapter to transmit, adapter → host on reception), hexadecimal digits,
/// upper case when encoding, either case accepted when decoding:</para>
/// <list type="bullet">
/// <item><c>tiiildd…</c>: standard data frame, 3-digit identifier, 1-digit length 0–8, 2 digits per byte;</item>
/// <item><c>Tiiiiiiiildd…</c>: extended data frame, 8-digit identifier (≤ 0x1FFFFFFF);</item>
/// <item><c>riiil</c> / <c>Riiiiiiiil</c>: remote request for <c>l</c> bytes, no data digits;</item>
/// <item>on received frames, only after the adapter was told <c>Z1</c> (Lawicel): 4 more digits, a
/// timestamp in milliseconds, 0–59,999, which wraps to 0 at 60,000.</item>
/// </list>
/// <para>Each line ends with CR (0x0D). Adapter replies: CR alone for "OK", BELL (0x07) for an error;
/// after a transmit, Lawicel adapters answer <c>z</c>CR (standard) or <c>Z</c>CR (extended), CANable
/// firmware a bare CR. Decoding is strict: a line whose length does not match its length digit
/// (plus exactly 4 timestamp digits when timestamps were asked for, none otherwise) is rejected, never
/// truncated or padded. The caller says which form to expect: accepting both would let a corrupted
/// length digit read as a shorter frame followed by a timestamp (<c>t1234AABBCCDD</c> with its 4
/// turned into a 2 would decode as two bytes stamped 0xCCDD).</para>
/// </remarks>
public static class SlcanCodec
{
    /// <summary>Line terminator, and on its own the adapter's "OK".</summary>
    public const byte CarriageReturn = 0x0D;

    /// <summary>The adapter's "error" reply (ASCII BEL).</summary>
    public const byte Bell = 0x07;

    /// <summary>Receive timestamps count milliseconds modulo this value.</summary>
    public const int TimestampWrapMs = 60_000;

    /// <summary>Longest frame line including the CR: <c>T</c> + 8 + 1 + 16 data digits + 4 timestamp digits + CR.</summary>
    public const int MaxFrameLineLength = 31;

    /// <summary>Length of a bitrate command line, <c>Sn</c> + CR.</summary>
    public const int BitrateCommandLength = 3;

    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>
    /// Writes the transmit line for <paramref name="frame"/>, CR included, e.g. <c>t1230811223344556677\r</c>.
    /// </summary>
    /// <returns>The number of bytes written (at most <see cref="MaxFrameLineLength"/> − 4).</returns>
    /// <exception cref="ArgumentException">The frame is an error frame, or <paramref name="destination"/> is too short.</exception>
    public static int EncodeFrame(in CanFrame frame, Span<byte> destination) => Encode(frame, -1, destination);

    /// <summary>
    /// Writes a received-frame line with a timestamp (what an adapter sends after <c>Z1</c>); used by
    /// virtual adapters and tests.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="timestampMs">Milliseconds, 0–59,999.</param>
    /// <param name="destination">Receives the line, CR included.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">Error frame, timestamp out of range, or destination too short.</exception>
    public static int EncodeFrame(in CanFrame frame, ushort timestampMs, Span<byte> destination)
    {
        if (timestampMs >= TimestampWrapMs)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampMs), timestampMs, "SLCAN timestamps run from 0 to 59,999 ms.");
        }

        return Encode(frame, timestampMs, destination);
    }

    /// <summary>
    /// Parses one frame line without a timestamp (the adapter was not told <c>Z1</c>), CR excluded:
    /// <c>t</c>, <c>T</c>, <c>r</c> or <c>R</c> whose length is exactly what its length digit says.
    /// </summary>
    /// <param name="line">The line's bytes, CR excluded.</param>
    /// <param name="frame">The frame, or default when the line is not a valid frame line.</param>
    /// <returns>False for anything that is not exactly a well-formed frame line, a timestamped one included.</returns>
    public static bool TryDecodeFrame(ReadOnlySpan<byte> line, out CanFrame frame) =>
        TryDecode(line, timestamped: false, out frame, out _);

    /// <summary>
    /// Parses one frame line that must end in a 4-digit timestamp (the adapter was told <c>Z1</c>), CR excluded.
    /// </summary>
    /// <param name="line">The line's bytes, CR excluded.</param>
    /// <param name="frame">The frame, or default when the line is not a valid timestamped frame line.</param>
    /// <param name="timestampMs">The adapter's timestamp in ms (0–59,999), or 0 when the line is rejected.</param>
    /// <returns>False for anything that is not exactly a well-formed frame line with a timestamp.</returns>
    public static bool TryDecodeFrame(ReadOnlySpan<byte> line, out CanFrame frame, out ushort timestampMs) =>
        TryDecode(line, timestamped: true, out frame, out timestampMs);

    /// <summary>Writes the bitrate command, e.g. <c>S8\r</c> for 1 Mbit/s.</summary>
    /// <returns><see cref="BitrateCommandLength"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="SlcanBitrate"/>.</exception>
    public static int EncodeBitrateCommand(SlcanBitrate bitrate, Span<byte> destination)
    {
        if ((uint)bitrate > (uint)SlcanBitrate.Mbit1)
        {
            throw new ArgumentOutOfRangeException(nameof(bitrate), bitrate, "SLCAN defines S0 to S8.");
        }

        destination[2] = CarriageReturn;
        destination[1] = (byte)('0' + (int)bitrate);
        destination[0] = (byte)'S';
        return BitrateCommandLength;
    }

    /// <summary>The CAN bitrate of a code in bit/s (S7 = 800,000; see <see cref="SlcanBitrate"/> on CANable's 750,000).</summary>
    public static int GetBitsPerSecond(SlcanBitrate bitrate) => bitrate switch
    {
        SlcanBitrate.Kbit10 => 10_000,
        SlcanBitrate.Kbit20 => 20_000,
        SlcanBitrate.Kbit50 => 50_000,
        SlcanBitrate.Kbit100 => 100_000,
        SlcanBitrate.Kbit125 => 125_000,
        SlcanBitrate.Kbit250 => 250_000,
        SlcanBitrate.Kbit500 => 500_000,
        SlcanBitrate.Kbit800 => 800_000,
        SlcanBitrate.Mbit1 => 1_000_000,
        _ => throw new ArgumentOutOfRangeException(nameof(bitrate), bitrate, "SLCAN defines S0 to S8."),
    };

    /// <summary>The code for an exact bitrate in bit/s; false for rates SLCAN cannot select with <c>Sn</c>.</summary>
    public static bool TryGetBitrate(int bitsPerSecond, out SlcanBitrate bitrate)
    {
        for (SlcanBitrate code = SlcanBitrate.Kbit10; code <= SlcanBitrate.Mbit1; code++)
        {
            if (GetBitsPerSecond(code) == bitsPerSecond)
            {
                bitrate = code;
                return true;
            }
        }

        bitrate = default;
        return false;
    }

    /// <summary>
    /// Milliseconds from <paramref name="earlierMs"/> to <paramref name="laterMs"/>, across the
    /// 60,000 ms wrap (so valid for gaps under a minute).
    /// </summary>
    /// <returns>0–59,999.</returns>
    public static int ElapsedMs(ushort earlierMs, ushort laterMs)
    {
        int delta = laterMs - earlierMs;
        return delta < 0 ? delta + TimestampWrapMs : delta;
    }

    private static int Encode(in CanFrame frame, int timestampMs, Span<byte> destination)
    {
        if (frame.IsError)
        {
            ThrowErrorFrame();
        }

        int idDigits = frame.IsExtended ? 8 : 3;
        int dataDigits = frame.IsRemote ? 0 : 2 * frame.Length;
        int total = 1 + idDigits + 1 + dataDigits + (timestampMs >= 0 ? 4 : 0) + 1;
        if (destination.Length < total)
        {
            ThrowDestinationTooShort(total);
        }

        destination[0] = frame.IsRemote
            ? (byte)(frame.IsExtended ? 'R' : 'r')
            : (byte)(frame.IsExtended ? 'T' : 't');
        WriteHex(destination.Slice(1, idDigits), frame.Id);
        destination[1 + idDigits] = (byte)('0' + frame.Length);
        int position = 2 + idDigits;
        ReadOnlySpan<byte> data = frame.Data;
        for (int i = 0; i < data.Length; i++)
        {
            WriteHex(destination.Slice(position, 2), data[i]);
            position += 2;
        }

        if (timestampMs >= 0)
        {
            WriteHex(destination.Slice(position, 4), (uint)timestampMs);
            position += 4;
        }

        destination[position++] = CarriageReturn;
        return position;
    }

    private static bool TryDecode(ReadOnlySpan<byte> line, bool timestamped, out CanFrame frame, out ushort timestampMs)
    {
        frame = default;
        timestampMs = 0;
        if (line.IsEmpty)
        {
            return false;
        }

        bool extended;
        bool remote;
        switch (line[0])
        {
            case (byte)'t': extended = false; remote = false; break;
            case (byte)'T': extended = true; remote = false; break;
            case (byte)'r': extended = false; remote = true; break;
            case (byte)'R': extended = true; remote = true; break;
            default: return false;
        }

        int idDigits = extended ? 8 : 3;
        if (line.Length < 1 + idDigits + 1
            || !TryParseHex(line.Slice(1, idDigits), out uint id)
            || id > (extended ? CanFrame.MaxExtendedId : CanFrame.MaxStandardId))
        {
            return false;
        }

        int length = line[1 + idDigits] - '0';
        if ((uint)length > CanFrame.MaxDataLength)
        {
            return false;
        }

        int dataStart = 2 + idDigits;
        int dataDigits = remote ? 0 : 2 * length;
        int stampDigits = timestamped ? 4 : 0;
        if (line.Length != dataStart + dataDigits + stampDigits)
        {
            return false;
        }

        uint stamp = 0;
        if (timestamped && (!TryParseHex(line.Slice(dataStart + dataDigits, 4), out stamp) || stamp >= TimestampWrapMs))
        {
            return false;
        }

        if (remote)
        {
            frame = CanFrame.CreateRemote(id, length, extended);
            timestampMs = (ushort)stamp;
            return true;
        }

        Span<byte> data = stackalloc byte[CanFrame.MaxDataLength];
        for (int i = 0; i < length; i++)
        {
            if (!TryParseHex(line.Slice(dataStart + (2 * i), 2), out uint value))
            {
                return false;
            }

            data[i] = (byte)value;
        }

        frame = new CanFrame(id, data[..length], extended);
        timestampMs = (ushort)stamp;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="destination"/>.Length upper-case hex digits.</summary>
    private static void WriteHex(Span<byte> destination, uint value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out uint value)
    {
        value = 0;
        foreach (byte digit in digits)
        {
            uint nibble;
            if (digit >= '0' && digit <= '9')
            {
                nibble = (uint)(digit - '0');
            }
            else if (digit >= 'A' && digit <= 'F')
            {
                nibble = (uint)(digit - 'A' + 10);
            }
            else if (digit >= 'a' && digit <= 'f')
            {
                nibble = (uint)(digit - 'a' + 10);
            }
            else
            {
                return false;
            }

            value = (value << 4) | nibble;
        }

        return true;
    }

    [DoesNotReturn]
    private static void ThrowErrorFrame() =>
        throw new ArgumentException("Error frames are reported by a controller, they cannot be transmitted.", "frame");

    [DoesNotReturn]
    private static void ThrowDestinationTooShort(int needed) =>
        throw new ArgumentException($"The destination needs {needed} bytes.", "destination");
}
