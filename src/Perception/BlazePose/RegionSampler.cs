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
        float dColX = cos * stepX, dColY = sin * stepX;
        float dRowX = -sin * stepY, dRowY = cos * stepY;
        float firstX = (0.5f - _tensorWidth * 0.5f) * stepX;
        float firstY = (0.5f - _tensorHeight * 0.5f) * stepY;
        float originX = region.CenterXPx + cos * firstX - sin * firstY;
        float originY = region.CenterYPx + sin * firstX + cos * firstY;
        int t = 0;
        for (int j = 0; j < _tensorHeight; j++)
        {
            float x = originX + j * dRowX;
            float y = originY + j * dRowY;
            for (int i = 0; i < _tensorWidth; i++, x += dColX, y += dColY, t += 3)
            {
                SamplePixel(bgr, width, height, strideBytes, x, y, tensor.Slice(t, 3));
            }
        }
    }

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
