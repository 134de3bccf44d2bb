namespace RobotEdge.Perception.ModelImport.Conversion;

/// <summary>NHWC (TFLite) ↔ NCHW (ONNX) index arithmetic for rank-4 tensors.</summary>
internal static class Layout
{
    /// <summary>Transpose permutation taking NHWC data to NCHW.</summary>
    public static readonly long[] NhwcToNchw = [0, 3, 1, 2];

    /// <summary>Transpose permutation taking NCHW data to NHWC.</summary>
    public static readonly long[] NchwToNhwc = [0, 2, 3, 1];

    /// <summary>The NCHW shape of a tensor whose TFLite (NHWC) shape is <paramref name="nhwc"/>.</summary>
    public static int[] ToNchw(int[] nhwc) => [nhwc[0], nhwc[3], nhwc[1], nhwc[2]];

    /// <summary>The NCHW axis holding NHWC axis <paramref name="nhwcAxis"/> (0–3).</summary>
    public static int AxisToNchw(int nhwcAxis) => nhwcAxis switch
    {
        0 => 0,
        1 => 2,
        2 => 3,
        _ => 1,
    };

    /// <summary><paramref name="shape"/> permuted by <paramref name="perm"/> (output dim i = input dim perm[i]).</summary>
    public static int[] Permuted(int[] shape, long[] perm)
    {
        var result = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            result[i] = shape[perm[i]];
        }

        return result;
    }

    /// <summary>
    /// Whether transposing a tensor of <paramref name="shape"/> by <paramref name="perm"/> leaves its
    /// row-major element order unchanged (the dimensions larger than 1 keep their relative order),
    /// so that a Reshape can stand in for the Transpose.
    /// </summary>
    public static bool KeepsElementOrder(int[] shape, long[] perm)
    {
        int last = -1;
        foreach (long axis in perm)
        {
            if (shape[axis] == 1)
            {
                continue;
            }

            if (axis < last)
            {
                return false;
            }

            last = (int)axis;
        }

        return true;
    }

    /// <summary>NHWC row-major data rearranged to NCHW row-major.</summary>
    public static float[] NhwcDataToNchw(float[] data, int[] nhwc)
    {
        int n = nhwc[0], h = nhwc[1], w = nhwc[2], c = nhwc[3];
        var result = new float[data.Length];
        for (int b = 0; b < n; b++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        result[((b * c + ch) * h + y) * w + x] = data[((b * h + y) * w + x) * c + ch];
                    }
                }
            }
        }

        return result;
    }
}
