using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Vision.Tests.Capture;

/// <summary>
/// Where a frame's latency clock starts: the driver's capture stamp for a V4L2 camera when it is
/// plausible, otherwise the read; for a file, the read (or the due time at the recorded rate). The
/// clock's start (<c>ReadyRealNs</c>) is the capture stamp itself, not the later read.
/// </summary>
public class CaptureStampTests
{
    private const long Second = 1_000_000_000;

    [Theory]
    [InlineData(5_000.0, 5_000_000_000L + 7_000_000, true, 5_000_000_000L)]      // 7 ms in the driver's queue: the driver's stamp
    [InlineData(5_000.0, 5_000_000_000L, true, 5_000_000_000L)]                  // read the instant it was stamped
    [InlineData(5_000.5, 5_000_000_000L, false, 5_000_000_000L)]                 // in the future: not this clock
    [InlineData(3_000.0, 5_000_000_000L, false, 5_000_000_000L)]                 // 2 s old: not this frame's
    [InlineData(0.0, 5_000_000_000L, false, 5_000_000_000L)]                     // no stamp
    [InlineData(double.NaN, 5_000_000_000L, false, 5_000_000_000L)]
    public void A_driver_stamp_is_taken_only_when_plausible(double driverMs, long readNs, bool expectedFromDriver, long expectedNs)
    {
        long captureNs = OpenCvFrameSource.ChooseDeviceCaptureNs(driverMs, readNs, out bool fromDriver);

        Assert.Equal(expectedFromDriver, fromDriver);
        Assert.Equal(expectedNs, captureNs);
        Assert.True(readNs - captureNs < Second);
    }

    [Fact]
    public void A_file_frame_starts_its_clock_at_the_read_and_carries_it_as_ready_time()
    {
        using var temp = new TempDirectory();
        string path = temp.File("stamps.mkv");
        var pixels = new byte[64 * 48 * 3];
        using (var writer = new VideoFileWriter(path, "FFV1", 30, 64, 48))
        {
            for (int i = 0; i < 5; i++)
            {
                writer.Write(pixels, 64 * 3);
            }
        }

        var pool = new FramePool(64, 48, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        using var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible, loop: false);
        for (int i = 0; i < 5; i++)
        {
            long before = MonotonicClock.GetTimestampNs();
            Assert.True(source.TryCapture(frame));
            long after = MonotonicClock.GetTimestampNs();

            Assert.InRange(frame.Stamp.CaptureNs, before, after);
            Assert.Equal(frame.Stamp.CaptureNs, frame.Stamp.ReadyRealNs);
            Assert.False(source.LastStampFromDriver);
        }
    }
}
