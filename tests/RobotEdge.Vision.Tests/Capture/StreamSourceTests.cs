using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RobotEdge.Bus.Frames;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Tests.Capture;

/// <summary>
/// A network stream through the OpenCV source: a real ffmpeg serves a lossless clip over HTTP on
/// loopback (ffmpeg can serve HTTP but not RTSP by itself; both go through the same FFmpeg demuxer
/// path in <see cref="OpenCvFrameSource.OpenStream"/>).
/// </summary>
public class StreamSourceTests
{
    [Fact]
    public void AStreamServedByFfmpegArrivesFrameForFrame()
    {
        using var temp = new TempDirectory();
        string clip = temp.File("clip.mkv");
        const int Frames = 20, W = 160, H = 120;
        var rendered = new byte[Frames][];
        using (var writer = new VideoFileWriter(clip, "FFV1", 30, W, H))
        {
            for (int i = 0; i < Frames; i++)
            {
                rendered[i] = new byte[W * H * 3];
                // A pattern that differs per frame and per pixel: any lost or repeated frame shows.
                for (int p = 0; p < rendered[i].Length; p++)
                {
                    rendered[i][p] = (byte)((p * 7 + i * 31) & 0xFF);
                }

                writer.Write(rendered[i], W * 3);
            }
        }

        int port = FreeLoopbackPort();
        string url = $"http://127.0.0.1:{port}/live.mkv";
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", clip, "-c", "copy", "-f", "matroska", "-listen", "1", url])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            using OpenCvFrameSource source = OpenWhenListening(url);
            Assert.Equal(CameraSourceKind.Stream, source.Kind);
            Assert.Equal((W, H), (source.Width, source.Height));
            var pool = new FramePool(W, H, 1);
            Assert.True(pool.TryRent(out Frame? frame));
            for (int i = 0; i < Frames; i++)
            {
                Assert.True(source.TryCapture(frame), $"the stream ended after {i} frames");
                Assert.True(rendered[i].AsSpan().SequenceEqual(frame.Pixels), $"frame {i} differs from what was sent");
            }

            Assert.False(source.TryCapture(frame));
        }
        finally
        {
            if (!ffmpeg.HasExited)
            {
                ffmpeg.Kill();
            }

            ffmpeg.WaitForExit();
        }
    }

    /// <summary>ffmpeg takes a moment to listen: retry the open for up to 10 s.</summary>
    private static OpenCvFrameSource OpenWhenListening(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return OpenCvFrameSource.OpenStream(url);
            }
            catch (OpenCvException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
