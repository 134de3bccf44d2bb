using RobotEdge.Bus.Messages;
using RobotEdge.Sim.Rendering;
using RobotEdge.Vision.Images;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Tests.Images;

public class JpegCodecTests
{
    private const int Width = 640, Height = 480;

    private static byte[] RenderedFrame()
    {
        var pixels = new byte[Width * Height * 3];
        var truth = default(FrameGroundTruth);
        new SceneRenderer(SimScene.Camera).Render(SimScene.CameraPose, SimScene.SweepingTarget(2), 0.7, pixels, ref truth);
        return pixels;
    }

    [Fact]
    public void ASimulatorFrameRoundTripsSmallAndCloseToTheOriginal()
    {
        byte[] frame = RenderedFrame();
        var encoded = new byte[frame.Length];
        int length = JpegCodec.Encode(frame, Width, Height, 90, encoded);
        var decoded = new byte[frame.Length];
        JpegCodec.Decode(encoded.AsSpan(0, length), decoded, Width, Height);

        Assert.Equal([0xFF, 0xD8], encoded[..2]); // a JPEG's start-of-image marker
        Assert.InRange(length, 1000, frame.Length / 10);
        double meanAbsolute = frame.Zip(decoded, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(meanAbsolute, 0.0, 3.0); // grey levels, at quality 90

        // A lower quality gives fewer bytes.
        Assert.True(JpegCodec.Encode(frame, Width, Height, 50, encoded) < length);
    }

    [Fact]
    public void BadInputIsRefusedWithAReason()
    {
        byte[] frame = RenderedFrame();
        var encoded = new byte[frame.Length];
        int length = JpegCodec.Encode(frame, Width, Height, 90, encoded);

        var tooSmall = new byte[16];
        Assert.Contains("do not fit", Assert.Throws<OpenCvException>(() => JpegCodec.Encode(frame, Width, Height, 90, tooSmall)).Message);
        Assert.Contains("quality", Assert.Throws<OpenCvException>(() => JpegCodec.Encode(frame, Width, Height, 0, encoded)).Message);

        var other = new byte[320 * 240 * 3];
        Assert.Contains("640x480", Assert.Throws<OpenCvException>(() => JpegCodec.Decode(encoded.AsSpan(0, length), other, 320, 240)).Message);

        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        Assert.Throws<OpenCvException>(() => JpegCodec.Decode(garbage, new byte[frame.Length], Width, Height));
    }
}
