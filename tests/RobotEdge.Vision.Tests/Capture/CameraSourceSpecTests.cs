using RobotEdge.Vision.Capture;

namespace RobotEdge.Vision.Tests.Capture;

/// <summary>Parsing of <c>camera.source</c>.</summary>
public class CameraSourceSpecTests
{
    [Fact]
    public void EveryFormParses()
    {
        Assert.Equal(CameraSourceKind.Simulator, CameraSourceSpec.Parse("sim", "/robots/a").Kind);

        CameraSourceSpec v4l2 = CameraSourceSpec.Parse("v4l2:/dev/video2?fourcc=mjpg", "/robots/a");
        Assert.Equal((CameraSourceKind.V4l2Device, "/dev/video2", "MJPG"), (v4l2.Kind, v4l2.Location, v4l2.FourCc));

        CameraSourceSpec file = CameraSourceSpec.Parse("file:clips/run.mkv?pace=fast&loop=true", "/robots/a");
        Assert.Equal((CameraSourceKind.File, "/robots/a/clips/run.mkv", ReplayPacing.AsFastAsPossible, true),
            (file.Kind, file.Location, file.Pacing, file.Loop));
        Assert.Equal(ReplayPacing.RecordedRate, CameraSourceSpec.Parse("file:/data/x.mp4", "/robots/a").Pacing);

        CameraSourceSpec rtsp = CameraSourceSpec.Parse("rtsp://10.0.0.5:8554/cam", "/robots/a");
        Assert.Equal((CameraSourceKind.Stream, "rtsp://10.0.0.5:8554/cam"), (rtsp.Kind, rtsp.Location));
    }

    [Theory]
    [InlineData("webcam")]
    [InlineData("v4l2:video0")]
    [InlineData("v4l2:/dev/video0?fourcc=MJPEG")]
    [InlineData("file:")]
    [InlineData("file:a.mkv?pace=slow")]
    [InlineData("file:a.mkv?speed=2")]
    public void BadSourcesAreRefusedWithTheTextNamed(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => CameraSourceSpec.Parse(text, "/robots/a"));
        Assert.Contains(text.Split('?')[0], e.Message);
    }
}
