namespace RobotEdge.Bus.Network;

/// <summary>
/// Checks the shape of a payload before any MessagePack reader or formatter sees it: exactly one
/// complete MessagePack value that ends where the payload ends (nothing truncated, no trailing
/// bytes, no length beyond the bytes present, no never-used code 0xC1), with containers nested at
/// most <see cref="WireCodec.MaxNestingDepth"/> deep. Iterative, so hostile nesting cannot overflow
/// the stack — which MessagePack-CSharp's own <c>Skip</c> would (it recurses once per level,
/// unbounded). Allocates nothing; never throws. Thread-safe (stateless).
/// </summary>
internal static class MessagePackScan
{
    /// <summary>
    /// <see cref="WireError.None"/> when <paramref name="payload"/> is one well-formed value;
    /// <see cref="WireError.NestingTooDeep"/> or <see cref="WireError.MalformedPayload"/> otherwise.
    /// Hot path: O(values), no allocation (a stack of <paramref name="maxDepth"/> counters).
    /// </summary>
    public static WireError Check(ReadOnlySpan<byte> payload, int maxDepth)
    {
        Span<long> left = stackalloc long[maxDepth + 1]; // values still to read per open level; level 0 is the payload itself
        int depth = 0;
        left[0] = 1;
        int position = 0;
        while (true)
        {
            while (left[depth] == 0)
            {
                if (depth == 0)
                {
                    return position == payload.Length ? WireError.None : WireError.MalformedPayload;
                }

                depth--;
            }

            left[depth]--;
            if (position >= payload.Length)
            {
                return WireError.MalformedPayload;
            }

            byte code = payload[position++];
            long skip = 0, values = -1;
            switch (code)
            {
                case <= 0x7F or >= 0xE0 or 0xC0 or 0xC2 or 0xC3: // fixint, negative fixint, nil, false, true
                    break;
                case <= 0x8F: // fixmap
                    values = 2L * (code & 0x0F);
                    break;
                case <= 0x9F: // fixarray
                    values = code & 0x0F;
                    break;
                case <= 0xBF: // fixstr
                    skip = code & 0x1F;
                    break;
                case 0xC4 or 0xD9: // bin8, str8
                case 0xC5 or 0xDA: // bin16, str16
                case 0xC6 or 0xDB: // bin32, str32
                    if (!TryReadLength(payload, ref position, LengthBytes(code), out skip))
                    {
                        return WireError.MalformedPayload;
                    }

                    break;
                case 0xC7 or 0xC8 or 0xC9: // ext8, ext16, ext32: length, then the type byte
                    if (!TryReadLength(payload, ref position, 1 << (code - 0xC7), out skip))
                    {
                        return WireError.MalformedPayload;
                    }

                    skip++;
                    break;
                case 0xCA or 0xCE or 0xD2: // float32, uint32, int32
                    skip = 4;
                    break;
                case 0xCB or 0xCF or 0xD3: // float64, uint64, int64
                    skip = 8;
                    break;
                case 0xCC or 0xD0: // uint8, int8
                    skip = 1;
                    break;
                case 0xCD or 0xD1: // uint16, int16
                    skip = 2;
                    break;
                case >= 0xD4 and <= 0xD8: // fixext 1, 2, 4, 8, 16: the type byte, then the data
                    skip = 1 + (1 << (code - 0xD4));
                    break;
                case 0xDC or 0xDE: // array16, map16
                case 0xDD or 0xDF: // array32, map32
                    if (!TryReadLength(payload, ref position, code is 0xDC or 0xDE ? 2 : 4, out values))
                    {
                        return WireError.MalformedPayload;
                    }

                    if (code >= 0xDE)
                    {
                        values *= 2;
                    }

                    break;
                default: // 0xC1: never used
                    return WireError.MalformedPayload;
            }

            if (values >= 0)
            {
                // Every value takes at least one byte: a count beyond the bytes left is a lie.
                if (values > payload.Length - position)
                {
                    return WireError.MalformedPayload;
                }

                if (values > 0)
                {
                    if (depth == maxDepth)
                    {
                        return WireError.NestingTooDeep;
                    }

                    left[++depth] = values;
                }
            }
            else
            {
                if (skip > payload.Length - position)
                {
                    return WireError.MalformedPayload;
                }

                position += (int)skip;
            }
        }
    }

    /// <summary>Bytes of the big-endian length after a bin/str code.</summary>
    private static int LengthBytes(byte code) => code switch
    {
        0xC4 or 0xD9 => 1,
        0xC5 or 0xDA => 2,
        _ => 4,
    };

    /// <summary>Reads an unsigned big-endian length of <paramref name="bytes"/> bytes; false when truncated.</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> payload, ref int position, int bytes, out long length)
    {
        length = 0;
        if (payload.Length - position < bytes)
        {
            return false;
        }

        for (int i = 0; i < bytes; i++)
        {
            length = (length << 8) | payload[position++];
        }

        return true;
    }
}
