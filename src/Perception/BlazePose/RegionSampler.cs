using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Writes a rotated square region of a BGR24 frame into a model's NHWC float input (RGB order),
/// resampled bilinearly, each value mapped to <c>pixel · scale + offset</c> (MediaPipe's
/// <c>output_tensor_float_range</c>): the affine warp of MediaPipe's <c>ImageToTensorCalculator</c>.
/// Tensor pixel (i, j) samples the frame at <see cref="PoseRegion.ToFrame"/>((i + ½) / W, (j + ½) / H),
/// so pixel centres map to pixel centres and a region covering the frame reproduces it.
/// Like OpenCV's <c>warpAffine</c> it does not low-pass before shrinking a large region.
/// Allocation-free; one instance per thread (it holds no state between calls, but keeps its settings).
/// </summary>
public sealed class RegionSampler
{
    private readonly int _tensorWidth;
    private readonly int _tensorHeight;
    private readonly float _scale;
    private readonly float _offset;
    private readonly RegionBorder _border;

    /// <summary>Creates a sampler for a <paramref name="tensorWidth"/>×<paramref name="tensorHeight"/>×3 tensor.</summary>
    /// <param name="tensorWidth">Tensor width, pixels.</param>
    /// <param name="tensorHeight">Tensor height, pixels.</param>
    /// <param name="minValue">Tensor value of a 0 pixel (e.g. −1 for the detector, 0 for the landmark model).</param>
    /// <param name="maxValue">Tensor value of a 255 pixel (1 for both).</param>
    /// <param name="border">What lies outside the frame.</param>
    public RegionSampler(int tensorWidth, int tensorHeight, float minValue, float maxValue, RegionBorder border)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tensorWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tensorHeight, 1);
        _tensorWidth = tensorWidth;
        _tensorHeight = tensorHeight;
        _scale = (maxValue - minValue) / 255f;
        _offset = minValue;
        _border = border;
    }

    /// <summary>Floats in one tensor: width × height × 3.</summary>
    public int TensorLength => _tensorWidth * _tensorHeight * 3;

    /// <summary>
    /// Samples <paramref name="region"/> of the frame into <paramref name="tensor"/>. Real-time safe:
    /// no allocation, no locks.
    /// </summary>
    /// <param name="bgr">The frame's BGR24 pixels.</param>
    /// <param name="width">Frame width, pixels.</param>
    /// <param name="height">Frame height, pixels.</param>
    /// <param name="strideBytes">Bytes per frame row (≥ width × 3).</param>
    /// <param name="region">The region to sample (any size; it may extend past the frame).</param>
    /// <param name="tensor">The tensor, <see cref="TensorLength"/> floats, NHWC, RGB.</param>
    public void Sample(ReadOnlySpan<byte> bgr, int width, int height, int strideBytes, in PoseRegion region, Span<float> tensor)
    {
        if (width < 1 || height < 1 || strideBytes < width * 3 || bgr.Length < strideBytes * (height - 1) + width * 3)
        {
            ThrowFrame(bgr.Length, width, height, strideBytes);
        }

        if (tensor.Length < TensorLength)
        {
            ThrowTensor(tensor.Length);
        }

        (float sin, float cos) = MathF.SinCos(region.RotationRad);
        float stepX = region.SizePx / _tensorWidth;
        float stepY = region.SizePx / _tensorHeight;
        // Frame position of tensor pixel (i, j) = origin + i · dCol + j · dRow.
        var warp = new Warp
        {
            DColX = cos * stepX,
            DColY = sin * stepX,
            DRowX = -sin * stepY,
            DRowY = cos * stepY,
        };
        float firstX = (0.5f - _tensorWidth * 0.5f) * stepX;
        float firstY = (0.5f - _tensorHeight * 0.5f) * stepY;
        warp.OriginX = region.CenterXPx + cos * firstX - sin * firstY;
        warp.OriginY = region.CenterYPx + sin * firstX + cos * firstY;
        if (Avx2.IsSupported && Fma.IsSupported && _tensorWidth >= Vector256<float>.Count)
        {
            SampleAvx2(bgr, width, height, strideBytes, warp, tensor);
            return;
        }

        for (int j = 0; j < _tensorHeight; j++)
        {
            SampleRun(bgr, width, height, strideBytes, warp, j, 0, _tensorWidth, tensor);
        }
    }

    /// <summary>The affine map from tensor pixels to frame positions: frame = origin + i · dCol + j · dRow, pixels.</summary>
    private struct Warp
    {
        public float OriginX, OriginY, DColX, DColY, DRowX, DRowY;
    }

    /// <summary>Tensor pixels <paramref name="from"/> … <paramref name="to"/> − 1 of row <paramref name="j"/>, one at a time (any position, any border).</summary>
    private void SampleRun(ReadOnlySpan<byte> bgr, int width, int height, int stride, in Warp warp, int j, int from, int to, Span<float> tensor)
    {
        float rowX = warp.OriginX + j * warp.DRowX;
        float rowY = warp.OriginY + j * warp.DRowY;
        for (int i = from; i < to; i++)
        {
            // The same arithmetic as the vector path (row start + i · dCol, fused), so that both agree to the last bit of the position.
            float x = MathF.FusedMultiplyAdd(i, warp.DColX, rowX);
            float y = MathF.FusedMultiplyAdd(i, warp.DColY, rowY);
            SamplePixel(bgr, width, height, stride, x, y, tensor.Slice((j * _tensorWidth + i) * 3, 3));
        }
    }

    /// <summary>
    /// The warp eight tensor pixels at a time (AVX2): where all eight pixels' four taps lie inside the
    /// frame, the taps are gathered as 32-bit words (B, G, R and one byte beyond) and blended in float
    /// vectors; a group touching the border, or the frame's last bytes, goes through
    /// <see cref="SamplePixel"/> like the scalar path. Same bilinear weights; the blend's rounding differs
    /// from the scalar path's by float ulps only.
    /// </summary>
    private unsafe void SampleAvx2(ReadOnlySpan<byte> bgr, int width, int height, int stride, in Warp warp, Span<float> tensor)
    {
        const int Lanes = 8;
        Vector256<float> laneIndex = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        Vector256<float> dColX = Vector256.Create(warp.DColX), dColY = Vector256.Create(warp.DColY);
        Vector256<float> maxX0 = Vector256.Create((float)(width - 2)), maxY0 = Vector256.Create((float)(height - 2));
        Vector256<float> scale = Vector256.Create(_scale), offset = Vector256.Create(_offset);
        Vector256<int> strideV = Vector256.Create(stride), byteMask = Vector256.Create(0xFF);
        // A gather reads 4 bytes from each tap's first byte: the bottom-right tap's word must end inside the buffer.
        Vector256<int> lastSafeTopLeft = Vector256.Create(bgr.Length - stride - 7);
        float* rgb = stackalloc float[3 * Lanes];
        fixed (byte* frame = &MemoryMarshal.GetReference(bgr))
        fixed (float* output = &MemoryMarshal.GetReference(tensor))
        {
            for (int j = 0; j < _tensorHeight; j++)
            {
                float rowXs = warp.OriginX + j * warp.DRowX, rowYs = warp.OriginY + j * warp.DRowY;
                Vector256<float> rowX = Vector256.Create(rowXs), rowY = Vector256.Create(rowYs);
                int i = 0;
                for (; i + Lanes <= _tensorWidth; i += Lanes)
                {
                    Vector256<float> index = Avx.Add(laneIndex, Vector256.Create((float)i));
                    Vector256<float> x = Fma.MultiplyAdd(index, dColX, rowX);
                    Vector256<float> y = Fma.MultiplyAdd(index, dColY, rowY);
                    Vector256<float> x0 = Avx.Floor(x), y0 = Avx.Floor(y);
                    // Ordered compares: a NaN position fails them and takes the scalar path.
                    Vector256<float> inside = Avx.And(
                        Avx.And(Avx.CompareGreaterThanOrEqual(x0, Vector256<float>.Zero), Avx.CompareLessThanOrEqual(x0, maxX0)),
                        Avx.And(Avx.CompareGreaterThanOrEqual(y0, Vector256<float>.Zero), Avx.CompareLessThanOrEqual(y0, maxY0)));
                    if (Avx.MoveMask(inside) != 0xFF)
                    {
                        SampleRun(bgr, width, height, stride, warp, j, i, i + Lanes, tensor);
                        continue;
                    }

                    Vector256<int> ix = Avx.ConvertToVector256Int32WithTruncation(x0);
                    Vector256<int> iy = Avx.ConvertToVector256Int32WithTruncation(y0);
                    Vector256<int> p00 = Avx2.Add(Avx2.MultiplyLow(iy, strideV), Avx2.Add(ix, Avx2.Add(ix, ix)));
                    if (Avx2.MoveMask(Avx2.CompareGreaterThan(p00, lastSafeTopLeft).AsByte()) != 0)
                    {
                        SampleRun(bgr, width, height, stride, warp, j, i, i + Lanes, tensor);
                        continue;
                    }

                    Vector256<int> p01 = Avx2.Add(p00, strideV);
                    Vector256<int> t00 = Avx2.GatherVector256((int*)frame, p00, 1);
                    Vector256<int> t10 = Avx2.GatherVector256((int*)frame, Avx2.Add(p00, Vector256.Create(3)), 1);
                    Vector256<int> t01 = Avx2.GatherVector256((int*)frame, p01, 1);
                    Vector256<int> t11 = Avx2.GatherVector256((int*)frame, Avx2.Add(p01, Vector256.Create(3)), 1);
                    Vector256<float> wx = Avx.Subtract(x, x0), wy = Avx.Subtract(y, y0);
                    for (int channel = 0; channel < 3; channel++)
                    {
                        byte shift = (byte)(8 * channel);
                        Vector256<float> v00 = Channel(t00, shift, byteMask), v10 = Channel(t10, shift, byteMask);
                        Vector256<float> v01 = Channel(t01, shift, byteMask), v11 = Channel(t11, shift, byteMask);
                        // Two horizontal lerps and a vertical one: the bilinear blend.
                        Vector256<float> top = Fma.MultiplyAdd(wx, Avx.Subtract(v10, v00), v00);
                        Vector256<float> bottom = Fma.MultiplyAdd(wx, Avx.Subtract(v11, v01), v01);
                        Vector256<float> value = Fma.MultiplyAdd(wy, Avx.Subtract(bottom, top), top);
                        // BGR in, RGB out: channel c of the frame is tensor channel 2 − c.
                        Avx.Store(rgb + (2 - channel) * Lanes, Fma.MultiplyAdd(value, scale, offset));
                    }

                    float* o = output + (j * _tensorWidth + i) * 3;
                    for (int lane = 0; lane < Lanes; lane++)
                    {
                        o[3 * lane] = rgb[lane];
                        o[3 * lane + 1] = rgb[Lanes + lane];
                        o[3 * lane + 2] = rgb[2 * Lanes + lane];
                    }
                }

                SampleRun(bgr, width, height, stride, warp, j, i, _tensorWidth, tensor);
            }
        }
    }

    /// <summary>One byte of each gathered word, as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Channel(Vector256<int> words, byte shift, Vector256<int> byteMask) =>
        Avx.ConvertToVector256Single(Avx2.And(Avx2.ShiftRightLogical(words, shift), byteMask));

    private void SamplePixel(ReadOnlySpan<byte> bgr, int width, int height, int stride, float x, float y, Span<float> rgb)
    {
        float fx0 = MathF.Floor(x), fy0 = MathF.Floor(y);
        float wx = x - fx0, wy = y - fy0;
        // Far outside, the coordinates may not fit an int; the clamp keeps the taps' logic exact.
        int x0 = (int)Math.Clamp(fx0, -2f, width + 1f);
        int y0 = (int)Math.Clamp(fy0, -2f, height + 1f);
        int x1 = x0 + 1, y1 = y0 + 1;
        float b, g, r;
        if (x0 >= 0 && y0 >= 0 && x1 < width && y1 < height)
        {
            int p00 = y0 * stride + x0 * 3;
            int p10 = p00 + 3, p01 = p00 + stride, p11 = p01 + 3;
            float w00 = (1 - wx) * (1 - wy), w10 = wx * (1 - wy), w01 = (1 - wx) * wy, w11 = wx * wy;
            b = bgr[p00] * w00 + bgr[p10] * w10 + bgr[p01] * w01 + bgr[p11] * w11;
            g = bgr[p00 + 1] * w00 + bgr[p10 + 1] * w10 + bgr[p01 + 1] * w01 + bgr[p11 + 1] * w11;
            r = bgr[p00 + 2] * w00 + bgr[p10 + 2] * w10 + bgr[p01 + 2] * w01 + bgr[p11 + 2] * w11;
        }
        else
        {
            b = g = r = 0;
            AddTap(bgr, width, height, stride, x0, y0, (1 - wx) * (1 - wy), ref b, ref g, ref r);
            AddTap(bgr, width, height, stride, x1, y0, wx * (1 - wy), ref b, ref g, ref r);
            AddTap(bgr, width, height, stride, x0, y1, (1 - wx) * wy, ref b, ref g, ref r);
            AddTap(bgr, width, height, stride, x1, y1, wx * wy, ref b, ref g, ref r);
        }

        rgb[0] = r * _scale + _offset;
        rgb[1] = g * _scale + _offset;
        rgb[2] = b * _scale + _offset;
    }

    private void AddTap(ReadOnlySpan<byte> bgr, int width, int height, int stride, int x, int y, float weight, ref float b, ref float g, ref float r)
    {
        if (x < 0 || y < 0 || x >= width || y >= height)
        {
            if (_border == RegionBorder.Zero)
            {
                return;
            }

            x = Math.Clamp(x, 0, width - 1);
            y = Math.Clamp(y, 0, height - 1);
        }

        int p = y * stride + x * 3;
        b += bgr[p] * weight;
        g += bgr[p + 1] * weight;
        r += bgr[p + 2] * weight;
    }

    private static void ThrowFrame(int length, int width, int height, int stride) =>
        throw new ArgumentException($"a {width}x{height} BGR24 frame with {stride} bytes per row does not fit in {length} bytes");

    private void ThrowTensor(int length) =>
        throw new ArgumentException($"the tensor holds {length} floats; a {_tensorWidth}x{_tensorHeight}x3 region needs {TensorLength}");
}
