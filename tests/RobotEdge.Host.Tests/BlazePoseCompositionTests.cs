using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Tests;

/// <summary>
/// A robot whose card is a blazepose card (robots/person_follower) is composed with the BlazePose
/// pipeline on board, runs in lockstep through the same compute stage as any other model, and the
/// combinations not supported yet are refused with one clear line.
/// </summary>
public sealed class BlazePoseCompositionTests
{
    private static string RobotPath => Path.Combine(AppContext.BaseDirectory, "robots", "person_follower");

    private static RobotConfig Config()
    {
        RobotConfig config = RobotConfigLoader.Load(RobotPath);
        // The person scenarios belong to the simulator's people; the marker sweep drives the camera here.
        config.Sim.Scenario = "../pan_tilt/scenarios/sweep.json";
        return config;
    }

    [Fact]
    public void ABlazeposeCardBuildsTheBlazePosePipelineOnBoard()
    {
        RobotConfig config = Config();
        ModelCard card = PerceptionFactory.LoadCard(config, NullLogger.Instance);

        using PerceptionStack stack = PerceptionFactory.Build(config, card, config.Camera.Width, config.Camera.Height, NullLoggerFactory.Instance);

        Assert.NotNull(stack.BlazePose);
        Assert.Null(stack.OnBoard);
        Assert.Null(stack.Offload);
        Assert.Same(stack.BlazePose, stack.Inference);
        Assert.Equal(ExecutionProvider.Cpu, stack.Provider);
        Assert.Equal(card.Output.MinConfidence, stack.Inference.MinConfidence);
    }

    [Fact]
    public void EdgeOffloadAndTheMarkerPoseSolveAreRefusedWithABlazeposeCard()
    {
        RobotConfig config = Config();
        ModelCard card = PerceptionFactory.LoadCard(config, NullLogger.Instance);
        var edge = new EdgeClientOptions { Endpoint = new Uri("ws://127.0.0.1:9/edge"), Token = "t" };

        var offload = Assert.Throws<InvalidDataException>(() =>
            PerceptionFactory.Build(config, card, config.Camera.Width, config.Camera.Height, NullLoggerFactory.Instance, edge));
        Assert.Contains("blazepose", offload.Message);
        Assert.Contains("without --edge", offload.Message);

        config.Tracking.SolvePose = true;
        var solve = Assert.Throws<InvalidDataException>(() =>
            PerceptionFactory.Build(config, card, config.Camera.Width, config.Camera.Height, NullLoggerFactory.Instance));
        Assert.Contains("solvePose", solve.Message);
    }

    [Fact]
    public void TheSimulatedRobotRunsBlazePoseInLockstep()
    {
        using SimulatedRobotRig rig = SimulatedRobotRig.Build(Config(), realTime: false, NullLoggerFactory.Instance);
        BlazePoseEstimator blazePose = Assert.IsType<BlazePoseEstimator>(rig.Perception);
        Assert.Same(blazePose, rig.BlazePose);
        Assert.Null(rig.PoseModel);

        var driver = new LockstepDriver(rig);
        driver.RunFrames(5);

        // The marker scene has no people: the detector runs on every frame and finds nobody.
        Assert.True(blazePose.LastFrameRanDetector);
        Assert.Equal(0, blazePose.PersonCount);
        var estimate = default(PoseEstimate);
        var timings = default(Perception.Pipeline.PerceptionTimings);
        Assert.True(rig.Frames.TryRent(out Bus.Frames.Frame? frame));
        rig.CameraSource.TryCapture(frame);
        rig.Perception.Estimate(frame, ref estimate, ref timings);
        rig.Frames.Return(frame);
        Assert.Equal(0, estimate.TargetsInView);
        Assert.Equal(33, estimate.KeypointCount);
        Assert.True(timings.InferenceNs > 0);
    }
}
