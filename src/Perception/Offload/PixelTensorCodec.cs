using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// Maps a model's NCHW float input tensor to one byte per value and back, through the card's
/// normalisation: byte = round(x · std + mean) clamped to 0..255, x = (byte − mean) / std. For the
/// pixel-derived inputs pose models take, this is the tensor in its 0..255 pixel domain; it is a
/// quarter of the float32 bytes on the wire, and the rounding (at most half a grey level) is below
/// what the model can tell apart. Per channel plane, 32 values at a time with 256-bit vectors where
/// the CPU has them (the robot pays the encode on every offloaded frame: 0.3 ms scalar for a 256²
/// tensor on the build machine), the rest one by one with the same arithmetic, so both give the
/// same bytes. Allocation-free; stateless apart from the card's constants, so one instance may be
/// shared by threads.
/// </summary>
public sealed class PixelTensorCodec
{
    private readonly float[] _mean = new float[3];
    private readonly float[] _std = new float[3];
    private readonly float[] _invStd = new float[3];

    /// <summary>Creates the codec for a model input.</summary>
    public PixelTensorCodec(ModelInputSpec input)
    {
        PlaneLength = input.Width * input.Height;
        for (int c = 0; c < 3; c++)
        {
            _mean[c] = input.Mean[c];
            _std[c] = input.Std[c];
            _invStd[c] = 1f / input.Std[c];
        }
    }

    /// <summary>Values per channel plane (W × H).</summary>
    public int PlaneLength { get; }

    /// <summary>Values in one tensor (3 × W × H): the byte length of an encoded tensor.</summary>
    public int TensorLength => 3 * PlaneLength;

    /// <summary>Encodes <paramref name="tensor"/> into <paramref name="bytes"/> (both <see cref="TensorLength"/> long). Real-time safe.</summary>
    public void Encode(ReadOnlySpan<float> tensor, Span<byte> bytes)
    {
        Check(tensor.Length, bytes.Length);
        for (int c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> plane = tensor.Slice(c * PlaneLength, PlaneLength);
            Span<byte> output = bytes.Slice(c * PlaneLength, PlaneLength);
            float std = _std[c], mean = _mean[c];
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> scale = Vector256.Create(std), offset = Vector256.Create(mean);
                Vector256<float> low = Vector256<float>.Zero, high = Vector256.Create(255f);
                for (; i <= plane.Length - 32; i += 32)
                {
                    Vector256<int> a = ToPixels(Vector256.Create(plane.Slice(i, 8)), scale, offset, low, high);
                    Vector256<int> b = ToPixels(Vector256.Create(plane.Slice(i + 8, 8)), scale, offset, low, high);
                    Vector256<int> d = ToPixels(Vector256.Create(plane.Slice(i + 16, 8)), scale, offset, low, high);
                    Vector256<int> e = ToPixels(Vector256.Create(plane.Slice(i + 24, 8)), scale, offset, low, high);
                    // 0..255 in every lane, so truncating narrows lose nothing; they keep lane order.
                    Vector256<ushort> ab = Vector256.Narrow(a, b).AsUInt16();
                    Vector256<ushort> de = Vector256.Narrow(d, e).AsUInt16();
                    Vector256.Narrow(ab, de).CopyTo(output.Slice(i, 32));
                }
            }

            for (; i < plane.Length; i++)
            {
                float v = MathF.Round(plane[i] * std + mean);
                output[i] = (byte)Math.Clamp(v, 0f, 255f);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ToPixels(Vector256<float> x, Vector256<float> scale, Vector256<float> offset, Vector256<float> low, Vector256<float> high) =>
        Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Vector256.Round(x * scale + offset), low), high));

    /// <summary>Decodes <paramref name="bytes"/> into <paramref name="tensor"/> (both <see cref="TensorLength"/> long). Real-time safe.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, Span<float> tensor)
    {
        Check(tensor.Length, bytes.Length);
        for (int c = 0; c < 3; c++)
        {
            ReadOnlySpan<byte> input = bytes.Slice(c * PlaneLength, PlaneLength);
            Span<float> plane = tensor.Slice(c * PlaneLength, PlaneLength);
            float invStd = _invStd[c], mean = _mean[c];
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> scale = Vector256.Create(invStd), offset = Vector256.Create(mean);
                for (; i <= input.Length - 32; i += 32)
                {
                    (Vector256<ushort> lo, Vector256<ushort> hi) = Vector256.Widen(Vector256.Create(input.Slice(i, 32)));
                    (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(lo);
                    (Vector256<uint> d, Vector256<uint> e) = Vector256.Widen(hi);
                    ((Vector256.ConvertToSingle(a.AsInt32()) - offset) * scale).CopyTo(plane.Slice(i, 8));
                    ((Vector256.ConvertToSingle(b.AsInt32()) - offset) * scale).CopyTo(plane.Slice(i + 8, 8));
                    ((Vector256.ConvertToSingle(d.AsInt32()) - offset) * scale).CopyTo(plane.Slice(i + 16, 8));
                    ((Vector256.ConvertToSingle(e.AsInt32()) - offset) * scale).CopyTo(plane.Slice(i + 24, 8));
                }
            }

            for (; i < input.Length; i++)
            {
                plane[i] = (input[i] - mean) * invStd;
            }
        }
    }

    private void Check(int floats, int bytes)
    {
        if (floats < TensorLength || bytes < TensorLength)
        {
            ThrowTooSmall(floats, bytes);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTooSmall(int floats, int bytes) =>
        throw new ArgumentException($"tensor of {floats} floats / {bytes} bytes; the model input needs {TensorLength} of each");
}
