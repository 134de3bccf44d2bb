namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>
/// Straightforward NHWC implementations of the TFLite operators the importer converts, written from
/// TFLite's reference-kernel definitions (padding offset = total / 2 with the odd pixel after;
/// bilinear sampling from floor/ceil neighbours clamped to the image). Slow loops, test use only.
/// </summary>
internal static class NhwcReference
{
    /// <summary>CONV_2D. Filter [O, KH, KW, I]; SAME or VALID; returns the output and its shape.</summary>
    public static (float[] Data, int[] Shape) Conv2D(
        float[] input, int[] inShape, float[] filter, int[] filterShape, float[]? bias,
        int strideH, int strideW, bool same, int dilationH = 1, int dilationW = 1, Func<float, float>? activation = null,
        bool oddPaddingFirst = false)
    {
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        int o = filterShape[0], kh = filterShape[1], kw = filterShape[2];
        var (outH, padTop) = Geometry(h, kh, strideH, dilationH, same, oddPaddingFirst);
        var (outW, padLeft) = Geometry(w, kw, strideW, dilationW, same, oddPaddingFirst);
        var output = new float[n * outH * outW * o];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        for (int x = 0; x < outW; x++)
        for (int oc = 0; oc < o; oc++)
        {
            double sum = bias?[oc] ?? 0;
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int iy = y * strideH - padTop + ky * dilationH, ix = x * strideW - padLeft + kx * dilationW;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                {
                    continue;
                }

                for (int ic = 0; ic < c; ic++)
                {
                    sum += input[((b * h + iy) * w + ix) * c + ic] * filter[((oc * kh + ky) * kw + kx) * c + ic];
                }
            }

            output[((b * outH + y) * outW + x) * o + oc] = Apply(activation, (float)sum);
        }

        return (output, [n, outH, outW, o]);
    }

    /// <summary>DEPTHWISE_CONV_2D. Filter [1, KH, KW, C·M]; output channel c·M + m reads input channel c.</summary>
    public static (float[] Data, int[] Shape) DepthwiseConv2D(
        float[] input, int[] inShape, float[] filter, int[] filterShape, float[] bias, int multiplier,
        int strideH, int strideW, bool same, Func<float, float>? activation = null)
    {
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        int kh = filterShape[1], kw = filterShape[2], o = c * multiplier;
        var (outH, padTop) = Geometry(h, kh, strideH, 1, same);
        var (outW, padLeft) = Geometry(w, kw, strideW, 1, same);
        var output = new float[n * outH * outW * o];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        for (int x = 0; x < outW; x++)
        for (int ic = 0; ic < c; ic++)
        for (int m = 0; m < multiplier; m++)
        {
            int oc = ic * multiplier + m;
            double sum = bias[oc];
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int iy = y * strideH - padTop + ky, ix = x * strideW - padLeft + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                {
                    sum += input[((b * h + iy) * w + ix) * c + ic] * filter[(ky * kw + kx) * o + oc];
                }
            }

            output[((b * outH + y) * outW + x) * o + oc] = Apply(activation, (float)sum);
        }

        return (output, [n, outH, outW, o]);
    }

    /// <summary>MAX_POOL_2D: the maximum over the window's cells inside the image (padding never counts).</summary>
    public static (float[] Data, int[] Shape) MaxPool(float[] input, int[] inShape, int filter, int stride, bool same)
    {
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        var (outH, padTop) = Geometry(h, filter, stride, 1, same);
        var (outW, padLeft) = Geometry(w, filter, stride, 1, same);
        var output = new float[n * outH * outW * c];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        for (int x = 0; x < outW; x++)
        for (int ch = 0; ch < c; ch++)
        {
            float max = float.NegativeInfinity;
            for (int ky = 0; ky < filter; ky++)
            for (int kx = 0; kx < filter; kx++)
            {
                int iy = y * stride - padTop + ky, ix = x * stride - padLeft + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                {
                    max = Math.Max(max, input[((b * h + iy) * w + ix) * c + ch]);
                }
            }

            output[((b * outH + y) * outW + x) * c + ch] = max;
        }

        return (output, [n, outH, outW, c]);
    }

    /// <summary>RESIZE_BILINEAR as TFLite's reference kernel computes it.</summary>
    public static float[] ResizeBilinear(float[] input, int[] inShape, int outH, int outW, bool alignCorners, bool halfPixelCenters)
    {
        int n = inShape[0], h = inShape[1], w = inShape[2], c = inShape[3];
        float scaleY = alignCorners && outH > 1 ? (h - 1f) / (outH - 1) : (float)h / outH;
        float scaleX = alignCorners && outW > 1 ? (w - 1f) / (outW - 1) : (float)w / outW;
        var output = new float[n * outH * outW * c];
        for (int b = 0; b < n; b++)
        for (int y = 0; y < outH; y++)
        {
            var (iy, y0, y1) = Source(y, scaleY, halfPixelCenters, h);
            for (int x = 0; x < outW; x++)
            {
                var (ix, x0, x1) = Source(x, scaleX, halfPixelCenters, w);
                for (int ch = 0; ch < c; ch++)
                {
                    float v00 = input[((b * h + y0) * w + x0) * c + ch], v01 = input[((b * h + y0) * w + x1) * c + ch];
                    float v10 = input[((b * h + y1) * w + x0) * c + ch], v11 = input[((b * h + y1) * w + x1) * c + ch];
                    float dy = iy - y0, dx = ix - x0;
                    output[((b * outH + y) * outW + x) * c + ch] =
                        v00 * (1 - dy) * (1 - dx) + v10 * dy * (1 - dx) + v01 * (1 - dy) * dx + v11 * dy * dx;
                }
            }
        }

        return output;
    }

    private static (float Scaled, int Lower, int Upper) Source(int index, float scale, bool halfPixelCenters, int size)
    {
        float scaled = halfPixelCenters ? (index + 0.5f) * scale - 0.5f : index * scale;
        int lower = Math.Max((int)MathF.Floor(scaled), 0);
        int upper = Math.Min((int)MathF.Ceiling(scaled), size - 1);
        return (scaled, lower, upper);
    }

    /// <summary>
    /// Output size and the padding before the first pixel, by TFLite's SAME/VALID rules
    /// (<paramref name="oddPaddingFirst"/>: the other convention, ONNX's SAME_LOWER, for contrast).
    /// </summary>
    private static (int Output, int PadBefore) Geometry(int input, int kernel, int stride, int dilation, bool same, bool oddPaddingFirst = false)
    {
        int effective = (kernel - 1) * dilation + 1;
        if (!same)
        {
            return ((input - effective + stride) / stride, 0);
        }

        int output = (input + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + effective - input, 0);
        return (output, oddPaddingFirst ? total - total / 2 : total / 2);
    }

    private static float Apply(Func<float, float>? activation, float value) => activation is null ? value : activation(value);
}
