using RobotEdge.Bus.Messages;
using RobotEdge.Sim.Rendering;
using RobotEdge.Vision.Images;

namespace RobotEdge.Vision.Tests.Images;

/// <summary>The console video's encoder: OpenCV's JPEG, a held output buffer, 0 B per frame.</summary>
public class JpegEncoderTests
{
    private const int Width = 640, Height = 480;

    private static byte[] RenderedFrame(double timeS)
    {
        var pixels = new byte[Width * Height * 3];
        var truth = default(FrameGroundTruth);
        new SceneRenderer(SimScene.Camera).Render(SimScene.CameraPose, SimScene.SweepingTarget(2), timeS, pixels, ref truth);
        return pixels;
    }

    [Fact]
    public void EncodesWhatTheCodecDecodesCloseToTheOriginal()
    {
        byte[] frame = RenderedFrame(0.7);
        using var encoder = new JpegEncoder(Width, Height, quality: 90);
        byte[] jpeg = encoder.Encode(frame, Width * 3).ToArray();
        var decoded = new byte[frame.Length];
        JpegCodec.Decode(jpeg, decoded, Width, Height);

        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]); // end-of-image marker: the whole file, not a prefix
        Assert.InRange(jpeg.Length, 1000, frame.Length / 10);
        Assert.InRange(frame.Zip(decoded, (a, b) => Math.Abs(a - b)).Average(), 0.0, 3.0);
        // The same bytes as the codec at the same quality.
        var viaCodec = new byte[frame.Length];
        int length = JpegCodec.Encode(frame, Width, Height, 90, viaCodec);
        Assert.True(viaCodec.AsSpan(0, length).SequenceEqual(jpeg));
    }

    [Fact]
    public void EncodingAllocatesNothingOnceWarm()
    {
        byte[][] frames = [RenderedFrame(0.1), RenderedFrame(0.9)];
        using var encoder = new JpegEncoder(Width, Height, quality: 75);
        long total = 0;
        for (int i = 0; i < 20; i++)
        {
            total += encoder.Encode(frames[i % 2], Width * 3).Length;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            total += encoder.Encode(frames[i % 2], Width * 3).Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0);
    }

    [Fact]
    public void BadArgumentsAreRefusedWithTheirName()
    {
        Assert.Contains("quality", Assert.Throws<ArgumentOutOfRangeException>(() => new JpegEncoder(Width, Height, quality: 0)).Message);
        using var encoder = new JpegEncoder(Width, Height);
        Assert.Contains("640x480", Assert.Throws<ArgumentException>(() => encoder.Encode(new byte[100], Width * 3)).Message);
    }
}
