using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The affine warp into the models' NHWC input on synthetic frames whose sampled values are known exactly.</summary>
public class RegionSamplerTests
{
    [Fact]
    public void AnUnrotatedRegionOverTheWholeFrameReproducesItInRgbOrder()
    {
        const int w = 6, h = 4;
        byte[] frame = Frame(w, h, (x, y) => ((byte)(10 * x), (byte)(10 * y), (byte)(x + y)));
        var sampler = new RegionSampler(w, w, 0f, 255f, RegionBorder.Zero);
        float[] tensor = new float[sampler.TensorLength];

        sampler.Sample(frame, w, h, w * 3, PoseRegion.WholeFrame(w, h), tensor);

        // The 6×4 frame is letterboxed into a 6×6 square: one empty row above and below.
        for (int x = 0; x < w; x++)
        {
            Assert.Equal(0f, tensor[(0 * w + x) * 3]);
            Assert.Equal(0f, tensor[(5 * w + x) * 3 + 2]);
            for (int y = 0; y < h; y++)
            {
                int t = ((y + 1) * w + x) * 3;
                Assert.Equal(x + y, tensor[t], 4); // R is byte 2 of BGR
                Assert.Equal(10 * y, tensor[t + 1], 4);
                Assert.Equal(10 * x, tensor[t + 2], 4);
            }
        }
    }

    [Fact]
    public void ValuesMapLinearlyToTheRequestedRangeAndTheZeroBorderIsBlack()
    {
        const int w = 2, h = 2;
        byte[] frame = Frame(w, h, (_, _) => (255, 0, 51));
        var sampler = new RegionSampler(4, 4, -1f, 1f, RegionBorder.Zero);
        float[] tensor = new float[sampler.TensorLength];

        // A 4 px region centred on the 2×2 frame: a one-pixel black ring around it.
        sampler.Sample(frame, w, h, w * 3, new PoseRegion(0.5f, 0.5f, 4, 0), tensor);

        Assert.Equal(-1f, tensor[0], 5); // corner: outside, pixel value 0 → −1
        int inside = (1 * 4 + 1) * 3;
        Assert.Equal(51 / 127.5f - 1f, tensor[inside], 5);
        Assert.Equal(-1f, tensor[inside + 1], 5);
        Assert.Equal(1f, tensor[inside + 2], 5);
    }

    [Fact]
    public void TheReplicateBorderRepeatsTheEdgePixel()
    {
        const int w = 3, h = 3;
        byte[] frame = Frame(w, h, (x, y) => ((byte)(100 + x), 0, 0));
        var sampler = new RegionSampler(3, 3, 0f, 255f, RegionBorder.Replicate);
        float[] tensor = new float[sampler.TensorLength];

        // A region 10 px left of the frame: every sample takes column 0, row by row.
        sampler.Sample(frame, w, h, w * 3, new PoseRegion(-10f, 1f, 3, 0), tensor);

        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(100f, tensor[i * 3 + 2], 4);
        }
    }

    [Fact]
    public void SubPixelPositionsBlendBilinearly()
    {
        // Blue = 20·x: a half-pixel shift reads the mean of two neighbours.
        const int w = 8, h = 2;
        byte[] frame = Frame(w, h, (x, _) => ((byte)(20 * x), 0, 0));
        var sampler = new RegionSampler(1, 1, 0f, 255f, RegionBorder.Replicate);
        float[] tensor = new float[3];

        sampler.Sample(frame, w, h, w * 3, new PoseRegion(3.5f, 0.25f, 1, 0), tensor);
        Assert.Equal(70f, tensor[2], 4);
        sampler.Sample(frame, w, h, w * 3, new PoseRegion(3.25f, 0.75f, 1, 0), tensor);
        Assert.Equal(65f, tensor[2], 4);
    }

    [Fact]
    public void AQuarterTurnReadsTheFrameColumnsAsTensorRows()
    {
        // A 4×4 frame, blue = 10·x + y. Rotation +90°: the crop's x axis runs down the frame and its
        // y axis runs leftwards, so tensor pixel (i, j) reads frame pixel (3 − j, i).
        const int n = 4;
        byte[] frame = Frame(n, n, (x, y) => ((byte)(10 * x + y), 0, 0));
        var sampler = new RegionSampler(n, n, 0f, 255f, RegionBorder.Zero);
        float[] tensor = new float[sampler.TensorLength];

        sampler.Sample(frame, n, n, n * 3, new PoseRegion(1.5f, 1.5f, n, MathF.PI / 2), tensor);

        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(10 * (3 - j) + i, tensor[(j * n + i) * 3 + 2], 3);
            }
        }
    }

    [Fact]
    public void RowPaddingInTheFrameIsSkipped()
    {
        const int w = 2, h = 2, stride = 8;
        byte[] frame = new byte[stride * h];
        frame[0 * stride + 3 + 2] = 200; // red of pixel (1, 0)
        frame[1 * stride + 0 + 2] = 100; // red of pixel (0, 1)
        var sampler = new RegionSampler(2, 2, 0f, 255f, RegionBorder.Zero);
        float[] tensor = new float[sampler.TensorLength];

        sampler.Sample(frame, w, h, stride, PoseRegion.WholeFrame(w, h), tensor);

        Assert.Equal(200f, tensor[1 * 3], 4);
        Assert.Equal(100f, tensor[2 * 3], 4);
    }

    [Fact]
    public void TooSmallBuffersAreRefusedAndSamplingAllocatesNothing()
    {
        var sampler = new RegionSampler(16, 16, 0f, 1f, RegionBorder.Replicate);
        byte[] frame = new byte[32 * 24 * 3];
        float[] tensor = new float[sampler.TensorLength];
        Assert.Throws<ArgumentException>(() => sampler.Sample(frame, 32, 25, 96, PoseRegion.WholeFrame(32, 25), tensor));
        Assert.Throws<ArgumentException>(() => sampler.Sample(frame, 32, 24, 96, PoseRegion.WholeFrame(32, 24), new float[10]));

        var region = new PoseRegion(10, 12, 40, 0.3f);
        sampler.Sample(frame, 32, 24, 96, region, tensor);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            sampler.Sample(frame, 32, 24, 96, region, tensor);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(RegionBorder.Zero, 37, 29)]
    [InlineData(RegionBorder.Replicate, 37, 29)]
    [InlineData(RegionBorder.Replicate, 256, 256)]
    [InlineData(RegionBorder.Zero, 224, 224)]
    public void EveryTensorPixelIsTheBilinearSampleOfItsFramePosition(RegionBorder border, int tensorWidth, int tensorHeight)
    {
        // Random pixels (worst case for the blend: neighbours differ by up to 255), a padded stride, and
        // regions of every size and angle, inside, across the border and outside: the vector path
        // (eight pixels whose taps are all inside) and the per-pixel path (the rest) both run, and each
        // tensor pixel must equal a double-precision bilinear sample at the position the contract gives,
        // PoseRegion.ToFrame((i + ½) / W, (j + ½) / H), with the border rule.
        const int w = 97, h = 61, stride = w * 3 + 5;
        var random = new Random(7); // fixed seed: the same frames and regions on every run
        byte[] frame = new byte[stride * h];
        random.NextBytes(frame);
        var sampler = new RegionSampler(tensorWidth, tensorHeight, 0f, 255f, border);
        float[] tensor = new float[sampler.TensorLength];
        double worst = 0;
        for (int trial = 0; trial < 12; trial++)
        {
            var region = new PoseRegion(random.NextSingle() * (w + 80) - 40, random.NextSingle() * (h + 80) - 40,
                5 + random.NextSingle() * 150, (random.NextSingle() * 2 - 1) * MathF.PI);
            sampler.Sample(frame, w, h, stride, region, tensor);
            for (int j = 0; j < tensorHeight; j++)
            {
                for (int i = 0; i < tensorWidth; i++)
                {
                    System.Numerics.Vector2 at = region.ToFrame((i + 0.5f) / tensorWidth, (j + 0.5f) / tensorHeight);
                    for (int c = 0; c < 3; c++)
                    {
                        double expected = Bilinear(frame, w, h, stride, at.X, at.Y, 2 - c, border);
                        worst = Math.Max(worst, Math.Abs(tensor[(j * tensorWidth + i) * 3 + c] - expected));
                    }
                }
            }
        }

        // The position carries float rounding (≈ 1e-5 px), which moves a sample by at most 255 · that.
        Assert.True(worst < 0.05, $"largest difference from the double-precision sample: {worst:G4} levels");
    }

    /// <summary>Bilinear sample of BGR channel <paramref name="channel"/> at (x, y), taps outside the frame zero or clamped.</summary>
    private static double Bilinear(byte[] frame, int w, int h, int stride, double x, double y, int channel, RegionBorder border)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        return Tap(x0, y0) * (1 - fx) * (1 - fy) + Tap(x0 + 1, y0) * fx * (1 - fy) + Tap(x0, y0 + 1) * (1 - fx) * fy + Tap(x0 + 1, y0 + 1) * fx * fy;

        double Tap(int tx, int ty)
        {
            if (tx < 0 || ty < 0 || tx >= w || ty >= h)
            {
                if (border == RegionBorder.Zero)
                {
                    return 0;
                }

                tx = Math.Clamp(tx, 0, w - 1);
                ty = Math.Clamp(ty, 0, h - 1);
            }

            return frame[ty * stride + tx * 3 + channel];
        }
    }

    private static byte[] Frame(int w, int h, Func<int, int, (byte B, byte G, byte R)> pixel)
    {
        byte[] frame = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                (byte b, byte g, byte r) = pixel(x, y);
                int p = (y * w + x) * 3;
                frame[p] = b;
                frame[p + 1] = g;
                frame[p + 2] = r;
            }
        }

        return frame;
    }
}
