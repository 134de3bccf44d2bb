using System.Runtime.CompilerServices;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// Maps a model's NCHW float input tensor to one byte per value and back, through the card's
/// normalisation: byte = round(x · std + mean) clamped to 0..255, x = (byte − mean) / std. For the
/// pixel-derived inputs pose models take, this is the tensor in its 0..255 pixel domain; it is a
/// quarter of the float32 bytes on the wire, and the rounding (at most half a grey level) is below
/// what the model can tell apart. Per channel plane; allocation-free; stateless apart from the
/// card's constants, so one instance may be shared by threads.
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
            for (int i = 0; i < plane.Length; i++)
            {
                float v = MathF.Round(plane[i] * std + mean);
                output[i] = (byte)Math.Clamp(v, 0f, 255f);
            }
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> into <paramref name="tensor"/> (both <see cref="TensorLength"/> long). Real-time safe.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, Span<float> tensor)
    {
        Check(tensor.Length, bytes.Length);
        for (int c = 0; c < 3; c++)
        {
            ReadOnlySpan<byte> input = bytes.Slice(c * PlaneLength, PlaneLength);
            Span<float> plane = tensor.Slice(c * PlaneLength, PlaneLength);
            float invStd = _invStd[c], mean = _mean[c];
            for (int i = 0; i < input.Length; i++)
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
