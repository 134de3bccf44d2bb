using System.Runtime.CompilerServices;

namespace RobotEdge.Teleop.Video;

/// <summary>
/// A small baseline JPEG encoder (ITU-T T.81, sequential DCT, Huffman, 8-bit) for the console's
/// video: BGR24 in, JFIF out, YCbCr with 4:2:0 chroma subsampling, the Annex K tables scaled by a
/// quality factor. Written for this project because the imaging libraries are not available here;
/// the browser's decoder is its judge (see the Teleop tests). One instance per thread; after the
/// first frame an encode allocates nothing (the output buffer is reused, and grows only if a frame
/// needs more room).
/// </summary>
public sealed class JpegEncoder
{
    private readonly int _width;
    private readonly int _height;
    private readonly byte[] _quantLuma = new byte[64];
    private readonly byte[] _quantChroma = new byte[64];
    private readonly float[] _divLuma = new float[64];
    private readonly float[] _divChroma = new float[64];
    private readonly HuffmanCode _dcLuma, _acLuma, _dcChroma, _acChroma;
    private readonly float[] _y = new float[256];
    private readonly float[] _cb = new float[64];
    private readonly float[] _cr = new float[64];
    private readonly float[] _block = new float[64];
    private readonly int[] _quantized = new int[64];
    private byte[] _output;
    private int _length;
    private uint _bitBuffer;
    private int _bitCount;

    /// <summary>Creates an encoder for frames of the given size.</summary>
    /// <param name="width">Frame width, 1 to 65535 pixels.</param>
    /// <param name="height">Frame height, 1 to 65535 pixels.</param>
    /// <param name="quality">1 (smallest) to 100 (best), the IJG scale of the Annex K tables.</param>
    public JpegEncoder(int width, int height, int quality = 75)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 65535);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        _width = width;
        _height = height;
        Quality = quality;
        ScaleQuant(JpegTables.LuminanceQuant, quality, _quantLuma, _divLuma);
        ScaleQuant(JpegTables.ChrominanceQuant, quality, _quantChroma, _divChroma);
        _dcLuma = HuffmanCode.Build(JpegTables.DcLuminanceBits, JpegTables.DcValues);
        _acLuma = HuffmanCode.Build(JpegTables.AcLuminanceBits, JpegTables.AcLuminanceValues);
        _dcChroma = HuffmanCode.Build(JpegTables.DcChrominanceBits, JpegTables.DcValues);
        _acChroma = HuffmanCode.Build(JpegTables.AcChrominanceBits, JpegTables.AcChrominanceValues);
        _output = new byte[Math.Max(4096, width * height / 2)];
    }

    /// <summary>The quality factor, 1..100.</summary>
    public int Quality { get; }

    /// <summary>
    /// Encodes one BGR24 frame (row-major, <paramref name="strideBytes"/> per row). The result stays
    /// valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> bgr, int strideBytes)
    {
        if (strideBytes < _width * 3 || bgr.Length < strideBytes * (_height - 1) + _width * 3)
        {
            throw new ArgumentException($"a {_width}x{_height} BGR24 frame needs {_width * 3} bytes per row and {strideBytes * (_height - 1) + _width * 3} bytes");
        }

        _length = 0;
        _bitBuffer = 0;
        _bitCount = 0;
        WriteHeaders();
        int dcY = 0, dcCb = 0, dcCr = 0;
        for (int my = 0; my < _height; my += 16)
        {
            for (int mx = 0; mx < _width; mx += 16)
            {
                LoadMcu(bgr, strideBytes, mx, my);
                for (int b = 0; b < 4; b++)
                {
                    int ox = (b & 1) * 8, oy = (b >> 1) * 8;
                    for (int r = 0; r < 8; r++)
                    {
                        _y.AsSpan((oy + r) * 16 + ox, 8).CopyTo(_block.AsSpan(r * 8, 8));
                    }

                    dcY = EncodeBlock(_block, _divLuma, dcY, _dcLuma, _acLuma);
                }

                _cb.CopyTo(_block, 0);
                dcCb = EncodeBlock(_block, _divChroma, dcCb, _dcChroma, _acChroma);
                _cr.CopyTo(_block, 0);
                dcCr = EncodeBlock(_block, _divChroma, dcCr, _dcChroma, _acChroma);
            }
        }

        FlushBits();
        WriteByte(0xFF);
        WriteByte(0xD9); // EOI
        return _output.AsSpan(0, _length);
    }

    /// <summary>Converts one 16×16 macroblock to level-shifted Y and 2×2-averaged Cb, Cr; edges replicate the last pixel.</summary>
    private void LoadMcu(ReadOnlySpan<byte> bgr, int stride, int mx, int my)
    {
        Span<float> cbFull = stackalloc float[256];
        Span<float> crFull = stackalloc float[256];
        for (int y = 0; y < 16; y++)
        {
            int sy = Math.Min(my + y, _height - 1);
            int row = sy * stride;
            for (int x = 0; x < 16; x++)
            {
                int sx = Math.Min(mx + x, _width - 1);
                int p = row + sx * 3;
                float b = bgr[p], g = bgr[p + 1], r = bgr[p + 2];
                int i = y * 16 + x;
                _y[i] = 0.299f * r + 0.587f * g + 0.114f * b - 128f;
                cbFull[i] = -0.168736f * r - 0.331264f * g + 0.5f * b;
                crFull[i] = 0.5f * r - 0.418688f * g - 0.081312f * b;
            }
        }

        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                int i = y * 32 + x * 2;
                _cb[y * 8 + x] = 0.25f * (cbFull[i] + cbFull[i + 1] + cbFull[i + 16] + cbFull[i + 17]);
                _cr[y * 8 + x] = 0.25f * (crFull[i] + crFull[i + 1] + crFull[i + 16] + crFull[i + 17]);
            }
        }
    }

    /// <summary>FDCT, quantisation, zig-zag and Huffman coding of one level-shifted block; returns its DC value.</summary>
    private int EncodeBlock(float[] block, float[] divisors, int previousDc, HuffmanCode dc, HuffmanCode ac)
    {
        ForwardDct(block);
        for (int i = 0; i < 64; i++)
        {
            _quantized[i] = (int)MathF.Round(block[i] * divisors[i]);
        }

        int dcValue = _quantized[0];
        int diff = dcValue - previousDc;
        int size = Magnitude(diff);
        WriteCode(dc, size);
        WriteValue(diff, size);

        int run = 0;
        int[] zigzag = JpegTables.ZigZag;
        for (int k = 1; k < 64; k++)
        {
            int v = _quantized[zigzag[k]];
            if (v == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                WriteCode(ac, 0xF0); // ZRL: sixteen zeros
                run -= 16;
            }

            size = Magnitude(v);
            WriteCode(ac, (run << 4) | size);
            WriteValue(v, size);
            run = 0;
        }

        if (run > 0)
        {
            WriteCode(ac, 0x00); // EOB
        }

        return dcValue;
    }

    /// <summary>
    /// 2-D forward DCT in place by the Arai–Agui–Nakajima factorisation (5 multiplications per 8-point
    /// pass), rows then columns. Its outputs are the true DCT coefficients times
    /// 8·<see cref="AanScale"/>[u]·<see cref="AanScale"/>[v]; <see cref="ScaleQuant"/> folds that
    /// factor into the quantisation divisors.
    /// </summary>
    private static void ForwardDct(float[] block)
    {
        for (int row = 0; row < 64; row += 8)
        {
            Dct8(block, row, 1);
        }

        for (int col = 0; col < 8; col++)
        {
            Dct8(block, col, 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dct8(float[] d, int o, int s)
    {
        float d0 = d[o], d1 = d[o + s], d2 = d[o + 2 * s], d3 = d[o + 3 * s];
        float d4 = d[o + 4 * s], d5 = d[o + 5 * s], d6 = d[o + 6 * s], d7 = d[o + 7 * s];
        float t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
        float t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;

        // Even half.
        float t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
        d[o] = t10 + t11;
        d[o + 4 * s] = t10 - t11;
        float z1 = (t12 + t13) * 0.707106781f;
        d[o + 2 * s] = t13 + z1;
        d[o + 6 * s] = t13 - z1;

        // Odd half.
        t10 = t4 + t5;
        t11 = t5 + t6;
        t12 = t6 + t7;
        float z5 = (t10 - t12) * 0.382683433f;
        float z2 = 0.541196100f * t10 + z5;
        float z4 = 1.306562965f * t12 + z5;
        float z3 = t11 * 0.707106781f;
        float z11 = t7 + z3, z13 = t7 - z3;
        d[o + 5 * s] = z13 + z2;
        d[o + 3 * s] = z13 - z2;
        d[o + s] = z11 + z4;
        d[o + 7 * s] = z11 - z4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Magnitude(int value)
    {
        uint a = (uint)Math.Abs(value);
        return a == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(a);
    }

    private void WriteCode(HuffmanCode table, int symbol)
    {
        int length = table.Lengths[symbol];
        if (length == 0)
        {
            throw new InvalidOperationException($"Huffman symbol 0x{symbol:X2} has no code");
        }

        WriteBits(table.Codes[symbol], length);
    }

    /// <summary>The value's <paramref name="size"/> low bits; negative values as value − 1 (T.81 F.1.2.1).</summary>
    private void WriteValue(int value, int size)
    {
        if (size > 0)
        {
            WriteBits((uint)(value < 0 ? value - 1 : value) & ((1u << size) - 1), size);
        }
    }

    private void WriteBits(uint bits, int count)
    {
        _bitBuffer = (_bitBuffer << count) | bits;
        _bitCount += count;
        while (_bitCount >= 8)
        {
            byte b = (byte)(_bitBuffer >> (_bitCount - 8));
            WriteByte(b);
            if (b == 0xFF)
            {
                WriteByte(0x00); // byte stuffing inside entropy-coded data
            }

            _bitCount -= 8;
        }

        _bitBuffer &= (1u << _bitCount) - 1;
    }

    private void FlushBits()
    {
        if (_bitCount > 0)
        {
            WriteBits((1u << (8 - _bitCount)) - 1, 8 - _bitCount); // pad with ones
        }
    }

    private void WriteByte(byte value)
    {
        if (_length == _output.Length)
        {
            Array.Resize(ref _output, _output.Length * 2);
        }

        _output[_length++] = value;
    }

    private void WriteUInt16(int value)
    {
        WriteByte((byte)(value >> 8));
        WriteByte((byte)value);
    }

    private void WriteHeaders()
    {
        WriteUInt16(0xFFD8); // SOI
        // APP0 JFIF 1.01, no density, no thumbnail.
        WriteUInt16(0xFFE0);
        WriteUInt16(16);
        foreach (byte b in "JFIF\0"u8)
        {
            WriteByte(b);
        }

        WriteUInt16(0x0101);
        WriteByte(0);
        WriteUInt16(1);
        WriteUInt16(1);
        WriteByte(0);
        WriteByte(0);

        // DQT: two 8-bit tables, in zig-zag order.
        WriteUInt16(0xFFDB);
        WriteUInt16(2 + 2 * 65);
        WriteQuant(0, _quantLuma);
        WriteQuant(1, _quantChroma);

        // SOF0: baseline, 8-bit, three components; Y sampled 2×2, Cb and Cr 1×1.
        WriteUInt16(0xFFC0);
        WriteUInt16(8 + 3 * 3);
        WriteByte(8);
        WriteUInt16(_height);
        WriteUInt16(_width);
        WriteByte(3);
        WriteByte(1); WriteByte(0x22); WriteByte(0);
        WriteByte(2); WriteByte(0x11); WriteByte(1);
        WriteByte(3); WriteByte(0x11); WriteByte(1);

        // DHT: four tables.
        WriteHuffman(0x00, JpegTables.DcLuminanceBits, JpegTables.DcValues);
        WriteHuffman(0x10, JpegTables.AcLuminanceBits, JpegTables.AcLuminanceValues);
        WriteHuffman(0x01, JpegTables.DcChrominanceBits, JpegTables.DcValues);
        WriteHuffman(0x11, JpegTables.AcChrominanceBits, JpegTables.AcChrominanceValues);

        // SOS: all three components interleaved, full spectral range.
        WriteUInt16(0xFFDA);
        WriteUInt16(6 + 2 * 3);
        WriteByte(3);
        WriteByte(1); WriteByte(0x00);
        WriteByte(2); WriteByte(0x11);
        WriteByte(3); WriteByte(0x11);
        WriteByte(0);
        WriteByte(63);
        WriteByte(0);
    }

    private void WriteQuant(int id, byte[] natural)
    {
        WriteByte((byte)id);
        for (int k = 0; k < 64; k++)
        {
            WriteByte(natural[JpegTables.ZigZag[k]]);
        }
    }

    private void WriteHuffman(int classAndId, ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
    {
        WriteUInt16(0xFFC4);
        WriteUInt16(2 + 1 + 16 + values.Length);
        WriteByte((byte)classAndId);
        foreach (byte b in bits)
        {
            WriteByte(b);
        }

        foreach (byte v in values)
        {
            WriteByte(v);
        }
    }

    /// <summary>
    /// IJG quality scaling of a base table. The multipliers undo the AAN DCT's output scale and
    /// divide by the quantiser in one step: 1 / (q · 8 · AanScale[u] · AanScale[v]).
    /// </summary>
    private static void ScaleQuant(ReadOnlySpan<byte> base50, int quality, byte[] table, float[] divisors)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        for (int i = 0; i < 64; i++)
        {
            int q = Math.Clamp((base50[i] * scale + 50) / 100, 1, 255);
            table[i] = (byte)q;
            divisors[i] = (float)(1.0 / (q * 8.0 * AanScale[i / 8] * AanScale[i % 8]));
        }
    }

    /// <summary>The AAN DCT's per-frequency output scale: 1 for k = 0, √2·cos(kπ/16) otherwise.</summary>
    private static readonly double[] AanScale = Enumerable.Range(0, 8).Select(k => k == 0 ? 1.0 : Math.Sqrt(2) * Math.Cos(k * Math.PI / 16)).ToArray();

    /// <summary>Canonical Huffman codes (T.81 Annex C) for symbols 0..255.</summary>
    private sealed class HuffmanCode
    {
        public readonly uint[] Codes = new uint[256];
        public readonly byte[] Lengths = new byte[256];

        public static HuffmanCode Build(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
        {
            var table = new HuffmanCode();
            uint code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++)
            {
                for (int i = 0; i < bits[length - 1]; i++)
                {
                    byte symbol = values[k++];
                    if (table.Lengths[symbol] != 0)
                    {
                        throw new InvalidOperationException($"Huffman symbol 0x{symbol:X2} appears twice");
                    }

                    table.Codes[symbol] = code++;
                    table.Lengths[symbol] = (byte)length;
                }

                // A complete prefix code never runs out of codes of a length (all ones is reserved).
                if (code > (1u << length) - (length == 16 ? 1u : 0u))
                {
                    throw new InvalidOperationException("Huffman table is not a prefix code");
                }

                code <<= 1;
            }

            if (k != values.Length)
            {
                throw new InvalidOperationException("Huffman bit counts do not match the symbol count");
            }

            return table;
        }
    }
}
