using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Preprocessing;

/// <summary>
/// Turns a BGR24 frame into a model's NCHW float input: letterbox resize (bilinear or nearest),
/// colour order, normalisation <c>(v − mean) / std</c>, and HWC → CHW, written straight into the
/// tensor's memory in one pass per row. Every table is built in the constructor for one frame size;
/// <see cref="Run"/> then allocates nothing.
/// </summary>
/// <remarks>
/// Bilinear resampling is separable: for each tensor row the two source rows it blends are first
/// mixed vertically into a float row (contiguous, vectorised), then each tensor pixel blends two
/// entries of that row horizontally (AVX2 gathers where available). The letterbox border never
/// changes, so it is written once by <see cref="WriteBorder"/>, not per frame.
/// Not thread-safe: one instance per perception thread.
/// </remarks>
public sealed unsafe class FramePreprocessor : IFramePreprocessor
{
    private readonly LetterboxGeometry _geometry;
    private readonly ResizeMode _resize;
    private readonly float[] _channelScale = new float[3];
    private readonly float[] _channelBias = new float[3];
    private readonly float[] _padValue = new float[3];

    /// <summary>Source byte offset (within a BGR row) per tensor channel and content column, left tap.</summary>
    private readonly int[][] _leftByteOffset = new int[3][];

    /// <summary>Source byte offset of the right tap (equal to the left tap at the right edge).</summary>
    private readonly int[][] _rightByteOffset = new int[3][];

    /// <summary>Horizontal weight of the right tap, per content column, in [0, 1).</summary>
    private readonly float[] _rightWeight;

    /// <summary>Top source row per content row.</summary>
    private readonly int[] _topRow;

    /// <summary>Bottom source row per content row (equal to the top row at the bottom edge).</summary>
    private readonly int[] _bottomRow;

    /// <summary>Vertical weight of the bottom row, per content row, in [0, 1).</summary>
    private readonly float[] _bottomWeight;

    /// <summary>One vertically blended source row, BGR interleaved, as floats 0..255 (+ gather slack).</summary>
    private readonly float[] _blendedRow;

    /// <summary>Per tensor channel: normalised value of each byte 0..255 (nearest mode).</summary>
    private readonly float[][] _byteToValue = new float[3][];

    /// <summary>Builds the tables for frames of <paramref name="frameWidth"/>×<paramref name="frameHeight"/>.</summary>
    public FramePreprocessor(ModelInputSpec input, int frameWidth, int frameHeight)
    {
        _geometry = new LetterboxGeometry(frameWidth, frameHeight, input.Width, input.Height);
        _resize = input.Resize;
        for (int c = 0; c < 3; c++)
        {
            _channelScale[c] = 1f / input.Std[c];
            _channelBias[c] = -input.Mean[c] / input.Std[c];
            _padValue[c] = (input.PadValue[c] - input.Mean[c]) / input.Std[c];
            // The frame is BGR: byte 0 is blue. Tensor channel c reads byte SourceChannel(c).
            int source = input.ChannelOrder == ChannelOrder.Rgb ? 2 - c : c;
            _leftByteOffset[c] = new int[_geometry.ContentWidth];
            _rightByteOffset[c] = new int[_geometry.ContentWidth];
            _byteToValue[c] = new float[256];
            for (int v = 0; v < 256; v++)
            {
                _byteToValue[c][v] = v * _channelScale[c] + _channelBias[c];
            }

            for (int x = 0; x < _geometry.ContentWidth; x++)
            {
                (int left, int right, _) = Taps(x, frameWidth, _resize);
                _leftByteOffset[c][x] = left * 3 + source;
                _rightByteOffset[c][x] = right * 3 + source;
            }
        }

        _rightWeight = new float[_geometry.ContentWidth];
        for (int x = 0; x < _geometry.ContentWidth; x++)
        {
            _rightWeight[x] = (float)Taps(x, frameWidth, _resize).Weight;
        }

        _topRow = new int[_geometry.ContentHeight];
        _bottomRow = new int[_geometry.ContentHeight];
        _bottomWeight = new float[_geometry.ContentHeight];
        for (int y = 0; y < _geometry.ContentHeight; y++)
        {
            (_topRow[y], _bottomRow[y], double w) = Taps(y, frameHeight, _resize);
            _bottomWeight[y] = (float)w;
        }

        _blendedRow = new float[frameWidth * 3 + Vector256<float>.Count];
    }

    /// <summary>Where the frame sits inside the tensor.</summary>
    public LetterboxGeometry Geometry => _geometry;

    /// <summary>Number of floats in one input tensor (3 × H × W).</summary>
    public int TensorLength => 3 * _geometry.TensorWidth * _geometry.TensorHeight;

    /// <summary>
    /// Writes the letterbox border into <paramref name="tensor"/>. Call once per tensor buffer; the
    /// border is never touched by <see cref="Run"/>.
    /// </summary>
    public void WriteBorder(Span<float> tensor)
    {
        CheckTensor(tensor);
        int w = _geometry.TensorWidth, h = _geometry.TensorHeight;
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = tensor.Slice(c * w * h, w * h);
            for (int y = 0; y < h; y++)
            {
                Span<float> row = plane.Slice(y * w, w);
                bool contentRow = y >= _geometry.PadY && y < _geometry.PadY + _geometry.ContentHeight;
                if (!contentRow)
                {
                    row.Fill(_padValue[c]);
                    continue;
                }

                row[.._geometry.PadX].Fill(_padValue[c]);
                row[(_geometry.PadX + _geometry.ContentWidth)..].Fill(_padValue[c]);
            }
        }
    }

    /// <summary>
    /// Resamples and normalises one BGR24 frame into the content region of <paramref name="tensor"/>.
    /// Real-time safe: no allocation, no locks.
    /// </summary>
    /// <param name="bgr">The frame's pixels, <paramref name="strideBytes"/> bytes per row.</param>
    /// <param name="strideBytes">Bytes per frame row (≥ width × 3).</param>
    /// <param name="tensor">The model's input tensor memory, <see cref="TensorLength"/> floats.</param>
    public void Run(ReadOnlySpan<byte> bgr, int strideBytes, Span<float> tensor)
    {
        CheckTensor(tensor);
        if (strideBytes < _geometry.FrameWidth * 3 || bgr.Length < strideBytes * (_geometry.FrameHeight - 1) + _geometry.FrameWidth * 3)
        {
            ThrowFrameTooSmall();
        }

        fixed (byte* source = bgr)
        fixed (float* destination = tensor)
        {
            if (_resize == ResizeMode.Nearest)
            {
                RunNearest(source, strideBytes, destination);
            }
            else
            {
                RunBilinear(source, strideBytes, destination);
            }
        }
    }

    private void RunBilinear(byte* source, int strideBytes, float* tensor)
    {
        int planeLength = _geometry.TensorWidth * _geometry.TensorHeight;
        int rowBytes = _geometry.FrameWidth * 3;
        fixed (float* blended = _blendedRow)
        fixed (float* rightWeight = _rightWeight)
        {
            for (int y = 0; y < _geometry.ContentHeight; y++)
            {
                BlendRows(source + _topRow[y] * strideBytes, source + _bottomRow[y] * strideBytes, _bottomWeight[y], blended, rowBytes);
                int tensorRow = (_geometry.PadY + y) * _geometry.TensorWidth + _geometry.PadX;
                for (int c = 0; c < 3; c++)
                {
                    fixed (int* left = _leftByteOffset[c])
                    fixed (int* right = _rightByteOffset[c])
                    {
                        BlendColumns(blended, left, right, rightWeight, _channelScale[c], _channelBias[c],
                            tensor + c * planeLength + tensorRow, _geometry.ContentWidth);
                    }
                }
            }
        }
    }

    /// <summary>blended[i] = top[i] + (bottom[i] − top[i]) × weight, as floats 0..255.</summary>
    private static void BlendRows(byte* top, byte* bottom, float weight, float* blended, int count)
    {
        int i = 0;
        if (Avx2.IsSupported && Fma.IsSupported)
        {
            Vector256<float> w = Vector256.Create(weight);
            for (; i <= count - 8; i += 8)
            {
                Vector256<float> t = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(top + i));
                Vector256<float> b = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bottom + i));
                Avx.Store(blended + i, Fma.MultiplyAdd(Avx.Subtract(b, t), w, t));
            }
        }

        for (; i < count; i++)
        {
            float t = top[i];
            blended[i] = t + (bottom[i] - t) * weight;
        }
    }

    /// <summary>out[x] = (row[left[x]] + (row[right[x]] − row[left[x]]) × w[x]) × scale + bias.</summary>
    private static void BlendColumns(float* row, int* left, int* right, float* weight, float scale, float bias, float* output, int count)
    {
        int x = 0;
        if (Avx2.IsSupported && Fma.IsSupported)
        {
            Vector256<float> s = Vector256.Create(scale);
            Vector256<float> b = Vector256.Create(bias);
            for (; x <= count - 8; x += 8)
            {
                Vector256<float> l = Avx2.GatherVector256(row, Avx.LoadVector256(left + x), 4);
                Vector256<float> r = Avx2.GatherVector256(row, Avx.LoadVector256(right + x), 4);
                Vector256<float> v = Fma.MultiplyAdd(Avx.Subtract(r, l), Avx.LoadVector256(weight + x), l);
                Avx.Store(output + x, Fma.MultiplyAdd(v, s, b));
            }
        }

        for (; x < count; x++)
        {
            float l = row[left[x]];
            output[x] = (l + (row[right[x]] - l) * weight[x]) * scale + bias;
        }
    }

    private void RunNearest(byte* source, int strideBytes, float* tensor)
    {
        int planeLength = _geometry.TensorWidth * _geometry.TensorHeight;
        for (int c = 0; c < 3; c++)
        {
            fixed (int* columns = _leftByteOffset[c])
            fixed (float* lut = _byteToValue[c])
            {
                for (int y = 0; y < _geometry.ContentHeight; y++)
                {
                    // Nearest row: the tap with the larger weight.
                    int sourceRow = _bottomWeight[y] >= 0.5f ? _bottomRow[y] : _topRow[y];
                    byte* row = source + sourceRow * strideBytes;
                    float* output = tensor + c * planeLength + (_geometry.PadY + y) * _geometry.TensorWidth + _geometry.PadX;
                    for (int x = 0; x < _geometry.ContentWidth; x++)
                    {
                        output[x] = lut[row[columns[x]]];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The two source pixels a content pixel <paramref name="index"/> blends, and the weight of the
    /// second, by the pixel-centre convention (as OpenCV's INTER_LINEAR). Nearest mode rounds the
    /// source position and uses a single tap.
    /// </summary>
    private (int First, int Second, double Weight) Taps(int index, int sourceLength, ResizeMode mode)
    {
        double position = (index + 0.5) / _geometry.Scale - 0.5;
        if (mode == ResizeMode.Nearest)
        {
            int nearest = Math.Clamp((int)Math.Round(position), 0, sourceLength - 1);
            return (nearest, nearest, 0);
        }

        position = Math.Clamp(position, 0, sourceLength - 1);
        int first = (int)Math.Floor(position);
        int second = Math.Min(first + 1, sourceLength - 1);
        return (first, second, position - first);
    }

    private void CheckTensor(Span<float> tensor)
    {
        if (tensor.Length < TensorLength)
        {
            ThrowTensorTooSmall(tensor.Length);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowTensorTooSmall(int length) =>
        throw new ArgumentException($"input tensor holds {length} floats, the model needs {TensorLength}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowFrameTooSmall() =>
        throw new ArgumentException($"frame buffer is smaller than {_geometry.FrameWidth}x{_geometry.FrameHeight} BGR24");
}
