using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The rig's composition: a build creates into locals and closes what it opened when a later part
/// fails; no thread of the rig runs before <see cref="RobotRig.Start"/>; none after
/// <see cref="RobotRig.Dispose"/>, whether or not it started. Checked against what the kernel
/// reports (thread names, open files), in the collection that runs alone so no other test's threads
/// are counted.
/// </summary>
[Collection(RealRobotCollection.Name)]
public sealed class RigCompositionTests : IDisposable
{
    /// <summary>OS names (15 bytes at most) of the threads a rig starts: safety log, edge sender, servo-bus I/O.</summary>
    private static readonly string[] RigThreads = ["robotedge-safet", "robotedge-edge-", "servo-bus"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-host-tests", Guid.NewGuid().ToString("n"));

    public RigCompositionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_rig_runs_no_thread_until_Start_and_none_after_Dispose()
    {
        int[] before = RigThreads.Select(RobotThreads.Count).ToArray();
        // Real time, the servo bus on a pseudo-terminal, and an edge server to join (nothing listens
        // there: the client retries in the background, which is all this test needs).
        var edge = new EdgeClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{FreeLoopbackPort()}/robot"), Token = "composition-test-token" };
        SimulatedRobotRig rig = TestRigs.Build(realTime: true, c => c.Bus = "sim-dynamixel", edge);
        try
        {
            Assert.Equal(before, RigThreads.Select(RobotThreads.Count).ToArray());
            Assert.False(rig.Started);

            rig.Start();
            rig.Start();
            Assert.True(RobotThreads.Eventually(() => RigThreads.Select((name, i) => RobotThreads.Count(name) - before[i]).All(n => n == 1)),
                $"threads after Start: {string.Join(", ", RigThreads.Select(n => $"{n} {RobotThreads.Count(n)}"))}; before: {string.Join(", ", before)}");
        }
        finally
        {
            rig.Dispose();
        }

        Assert.True(RobotThreads.Eventually(() => RigThreads.Select(RobotThreads.Count).SequenceEqual(before)),
            $"threads left after Dispose: {string.Join(", ", RigThreads.Select(n => $"{n} {RobotThreads.Count(n)}"))}; before: {string.Join(", ", before)}");
    }

    [Fact]
    public void A_rig_disposed_without_starting_leaves_nothing_running()
    {
        int[] before = RigThreads.Select(RobotThreads.Count).ToArray();
        using (TestRigs.Build(realTime: true, c => c.Bus = "sim-dynamixel"))
        {
        }

        Assert.True(RobotThreads.Eventually(() => RigThreads.Select(RobotThreads.Count).SequenceEqual(before)));
    }

    [Fact]
    public void A_real_rig_whose_build_fails_after_its_camera_and_bus_opened_closes_them_and_leaves_no_thread()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        RobotConfig config = RealRobotRunTests.WriteRobot(_folder, "file:clip.mkv", pty.DevicePath);
        string clip = Path.Combine(_folder, "clip.mkv");
        RealRobotRunTests.RenderClip(config, null, clip, frames: 3);
        // Refused by the perception build, after the model loaded and the camera and the bus opened.
        config.Model.Preprocessing = "bogus";
        int[] before = RigThreads.Select(RobotThreads.Count).ToArray();

        var e = Assert.Throws<ArgumentException>(() => RealRobotRig.Build(config, NullLoggerFactory.Instance));

        Assert.Contains("bogus", e.Message);
        Assert.True(RobotThreads.Eventually(() => RobotThreads.OpenDescriptors(clip) == 0), "the camera's video file is still open");
        Assert.True(RobotThreads.Eventually(() => RigThreads.Select(RobotThreads.Count).SequenceEqual(before)),
            $"threads left: {string.Join(", ", RigThreads.Select(n => $"{n} {RobotThreads.Count(n)}"))}; before: {string.Join(", ", before)}");
    }

    [Fact]
    public void A_real_rig_whose_bus_is_missing_closes_the_camera_it_opened()
    {
        RobotConfig config = RealRobotRunTests.WriteRobot(_folder, "file:clip.mkv", "/dev/ttyUSB-robotedge-missing");
        string clip = Path.Combine(_folder, "clip.mkv");
        RealRobotRunTests.RenderClip(config, null, clip, frames: 3);

        var e = Assert.Throws<IOException>(() => RealRobotRig.Build(config, NullLoggerFactory.Instance));

        Assert.Contains("/dev/ttyUSB-robotedge-missing", e.Message);
        Assert.True(RobotThreads.Eventually(() => RobotThreads.OpenDescriptors(clip) == 0), "the camera's video file is still open");
    }

    [Fact]
    public void A_mistyped_model_card_is_refused_naming_its_path_before_any_device_opens()
    {
        int[] before = RigThreads.Select(RobotThreads.Count).ToArray();
        string card = Path.Combine(_folder, "models", "marker_pos.card.json");

        var e = Assert.Throws<FileNotFoundException>(() => TestRigs.Build(realTime: true, c =>
        {
            c.Bus = "sim-dynamixel";
            c.Model.Card = card;
        }));

        Assert.Contains(card, e.Message);
        Assert.Contains("built-in", e.Message);
        // Nothing was generated in its place, and no bus thread was left behind.
        Assert.False(Directory.Exists(Path.Combine(_folder, "models")));
        Assert.True(RobotThreads.Eventually(() => RigThreads.Select(RobotThreads.Count).SequenceEqual(before)));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
