using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Tests.Rendering;

/// <summary>
/// The real-time camera renders each frame ahead of its exposure on its own thread: every frame is
/// stamped at its exposure time, shows the scene at that time from the pose predicted for it, and
/// its truth says so. Timing-independent assertions only: which exposure a capture gets depends on
/// when it is called, so the tests check each frame against its own stamp.
/// </summary>
public sealed class SimulatedCameraRenderAheadTests : IDisposable
{
    private const double Fps = 60;

    /// <summary>Joint motion published as the true state: q(t) = q0 + v · (t − t0), rad and rad/s.</summary>
    private static readonly double[] Q0 = [0.05, -0.02];

    private static readonly double[] V = [0.1, -0.05];

    private static readonly PinholeCamera Intrinsics = new(320, 240, 250, 250, 159.5, 119.5);

    private readonly KinematicChain _chain = KinematicChain.FromDescription(
        UrdfParser.Load(Path.Combine(RepoRoot(), "robots", "pan_tilt", "pan_tilt.urdf")), "base_link", "camera_optical_frame");

    private readonly LatestMailbox<JointState> _trueState = new();
    private readonly long _t0 = MonotonicClock.GetTimestampNs();
    private readonly Thread _publisher;
    private volatile bool _stop;

    public SimulatedCameraRenderAheadTests()
    {
        // The actuators' stand-in: the exact linear motion, published every millisecond with its time.
        // Carried forward at its velocity it gives the same positions whichever sample is read.
        _publisher = new Thread(() =>
        {
            while (!_stop)
            {
                PublishAt(MonotonicClock.GetTimestampNs());
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "test-true-state" };
        PublishAt(_t0);
        _publisher.Start();
    }

    public void Dispose()
    {
        _stop = true;
        _publisher.Join();
    }

    [Fact]
    public void EachFrameIsStampedAtItsExposureAndShowsTheSceneThereFromThePosePredictedForIt()
    {
        MarkerTarget plate = Plate();
        using var camera = new SimulatedCamera(MonotonicClock.Instance, _chain, _trueState, Intrinsics, plate, Fps, realTime: true);
        var pool = new FramePool(Intrinsics.Width, Intrinsics.Height, 2);
        Assert.True(pool.TryRent(out Frame? frame));
        var expected = new byte[Intrinsics.Width * Intrinsics.Height * 3];
        var reference = new SceneRenderer(Intrinsics);

        camera.StartNow();
        Assert.True(camera.RendersAhead);
        long previous = -1;
        for (int i = 0; i < 30; i++)
        {
            PreciseWait.Until(camera.StartNs + i * camera.PeriodNs);
            Assert.True(camera.TryCapture(frame));

            FrameStamp stamp = frame.Stamp;
            long exposureNs = camera.StartNs + stamp.Sequence * camera.PeriodNs;
            Assert.True(stamp.Sequence > previous, $"frame {stamp.Sequence} after {previous}");
            previous = stamp.Sequence;
            Assert.Equal(exposureNs, stamp.CaptureNs);
            Assert.Equal(exposureNs, stamp.ReadyRealNs);

            Assert.True(camera.GroundTruth.TryGet(stamp.Sequence, out FrameGroundTruth truth));
            Assert.Equal(stamp.Sequence * camera.PeriodNs * 1e-9, truth.TimeS, tolerance: 1e-12);
            for (int j = 0; j < 2; j++)
            {
                double atExposure = Q0[j] + V[j] * (exposureNs - _t0) * 1e-9;
                Assert.Equal(atExposure, truth.RenderedJointsRad[j], tolerance: 1e-9);
                Assert.Equal(atExposure, truth.JointsRad[j], tolerance: 1e-9);
            }

            Assert.True(truth.RenderPredictionErrorRad < 1e-9 || double.IsNaN(truth.RenderPredictionErrorRad),
                $"frame {stamp.Sequence}: prediction error {truth.RenderPredictionErrorRad} rad for a motion at constant velocity");

            // The picture is exactly the scene at its time from the pose it was rendered from.
            var expectedTruth = default(FrameGroundTruth);
            reference.Render(_chain.ComputeTipPose(truth.RenderedJointsRad), plate, truth.TimeS, expected, ref expectedTruth);
            Assert.True(expected.AsSpan().SequenceEqual(frame.Pixels), $"frame {stamp.Sequence} differs from the scene rendered at its time and pose");
            Assert.Equal(expectedTruth.VisibleMask, truth.VisibleMask);
            Assert.NotEqual(0, truth.VisibleMask);
            for (int m = 0; m < MarkerTarget.MarkerCount; m++)
            {
                Assert.Equal(expectedTruth.Markers[m], truth.Markers[m]);
            }

            Assert.Equal(expectedTruth.PointingErrorRad, truth.PointingErrorRad, tolerance: 1e-9);
        }

        Assert.True(camera.FramesRendered >= 30, $"{camera.FramesRendered} frames rendered for 30 captures");
        Assert.True(camera.RenderNsTotal > 0);
    }

    [Fact]
    public void ACaptureCalledLateTakesTheLatestExposureAndNeverDeliversAFrameTwice()
    {
        using var camera = new SimulatedCamera(MonotonicClock.Instance, _chain, _trueState, Intrinsics, Plate(), Fps, realTime: true);
        var pool = new FramePool(Intrinsics.Width, Intrinsics.Height, 2);
        Assert.True(pool.TryRent(out Frame? frame));
        camera.StartNow();

        // Two and a half periods late: exposures 0 and 1 are gone, as a camera's frames are.
        PreciseWait.Until(camera.StartNs + camera.PeriodNs * 5 / 2);
        Assert.True(camera.TryCapture(frame));
        long first = frame.Stamp.Sequence;
        Assert.True(first >= 2, $"a capture 2.5 periods after frame 0 got frame {first}");

        // At once again: the read waits for the next exposure instead of repeating the last one.
        Assert.True(camera.TryCapture(frame));
        Assert.Equal(first + 1, frame.Stamp.Sequence);
        Assert.Equal(camera.StartNs + (first + 1) * camera.PeriodNs, frame.Stamp.CaptureNs);
        Assert.True(MonotonicClock.GetTimestampNs() >= frame.Stamp.CaptureNs, "a frame was delivered before its exposure");
    }

    [Fact]
    public void CapturingARenderedFrameAllocatesNothing()
    {
        using var camera = new SimulatedCamera(MonotonicClock.Instance, _chain, _trueState, Intrinsics, Plate(), Fps, realTime: true);
        var pool = new FramePool(Intrinsics.Width, Intrinsics.Height, 2);
        Assert.True(pool.TryRent(out Frame? frame));
        camera.StartNow();
        for (int i = 0; i < 5; i++)
        {
            camera.TryCapture(frame);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            camera.TryCapture(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ALockstepCameraRendersAtCaptureAsBefore()
    {
        var clock = new LockstepClock();
        using var camera = new SimulatedCamera(clock, _chain, _trueState, Intrinsics, Plate(), Fps, realTime: false);
        var pool = new FramePool(Intrinsics.Width, Intrinsics.Height, 2);
        Assert.True(pool.TryRent(out Frame? frame));
        camera.StartNow();
        Assert.False(camera.RendersAhead);
        clock.AdvanceTo(camera.PeriodNs * 3);
        Assert.True(camera.TryCapture(frame));
        Assert.Equal(0, frame.Stamp.Sequence);
        Assert.Equal(camera.PeriodNs * 3, frame.Stamp.CaptureNs);
        Assert.True(camera.GroundTruth.TryGet(0, out FrameGroundTruth truth));
        Assert.Equal(0, truth.RenderPredictionErrorRad);
        Assert.Equal(truth.JointsRad[0], truth.RenderedJointsRad[0]);
    }

    private void PublishAt(long timeNs)
    {
        double dt = (timeNs - _t0) * 1e-9;
        var state = new JointState { JointCount = 2, TimestampNs = timeNs };
        for (int j = 0; j < 2; j++)
        {
            state.PositionsRad[j] = Q0[j] + V[j] * dt;
            state.VelocitiesRadPerS[j] = V[j];
        }

        _trueState.Publish(state);
    }

    /// <summary>The marker plate 1.5 m ahead, sliding sideways: a picture that changes with time and pose.</summary>
    private static MarkerTarget Plate() => new(new TargetDefinition
    {
        Waypoints =
        [
            new WaypointDefinition { TimeS = 0, Position = [1.5, 0.15, 0.3] },
            new WaypointDefinition { TimeS = 2, Position = [1.5, -0.15, 0.35] },
        ],
        Loop = true,
    });

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "RobotEdge.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("RobotEdge.sln not found above the test assembly");
    }
}
