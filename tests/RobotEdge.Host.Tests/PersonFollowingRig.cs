using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.BlazePose;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Rendering;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The person_follower robot (pan-tilt head, BlazePose lite, follow-person behaviour) against one of
/// its people scenarios in lockstep, frame by frame, keeping each frame's ground truth and the
/// joints. A card allowing <c>maxPeople</c> people is written to a temporary folder (deleted on
/// Dispose) pointing at the robot's converted models.
/// </summary>
internal sealed class PersonFollowingRig : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-follow-").FullName;
    private readonly LockstepDriver _driver;

    public PersonFollowingRig(string scenario, int maxPeople = 1)
    {
        string robot = Path.Combine(AppContext.BaseDirectory, "robots", "person_follower");
        RobotConfig config = RobotConfigLoader.Load(robot);
        config.Sim.Scenario = Path.Combine("scenarios", scenario);
        string shippedCard = config.Resolve(config.Model.Card);
        JsonObject card = JsonNode.Parse(File.ReadAllText(shippedCard))!.AsObject();
        string cardFolder = Path.GetDirectoryName(shippedCard)!;
        card["modelFile"] = Path.GetFullPath(Path.Combine(cardFolder, (string)card["modelFile"]!));
        card["blazePose"]!["detectorFile"] = Path.GetFullPath(Path.Combine(cardFolder, (string)card["blazePose"]!["detectorFile"]!));
        card["blazePose"]!["maxPeople"] = maxPeople;
        string cardPath = Path.Combine(_folder, "blazepose.card.json");
        File.WriteAllText(cardPath, card.ToJsonString());
        config.Model.Card = cardPath;
        try
        {
            Rig = SimulatedRobotRig.Build(config, realTime: false, NullLoggerFactory.Instance);
            _driver = new LockstepDriver(Rig);
        }
        catch
        {
            Rig?.Dispose();
            Directory.Delete(_folder, recursive: true);
            throw;
        }
    }

    public SimulatedRobotRig Rig { get; }

    public BlazePoseEstimator Pose => (BlazePoseEstimator)Rig.Perception;

    /// <summary>Each frame run so far: its ground truth, and the true joints at its capture.</summary>
    public List<FrameGroundTruth> Frames { get; } = [];

    /// <summary>Scenario time of the newest frame, seconds.</summary>
    public double TimeS => Frames.Count == 0 ? 0 : Frames[^1].TimeS;

    /// <summary>Runs frames until the scenario's clock reaches <paramref name="untilS"/>.</summary>
    public void RunUntil(double untilS)
    {
        while (Frames.Count == 0 || Frames[^1].TimeS < untilS - 1e-9)
        {
            _driver.RunFrames(1);
            long sequence = Rig.CameraSource.GroundTruth.LatestSequence;
            Assert.True(Rig.CameraSource.GroundTruth.TryGet(sequence, out FrameGroundTruth truth), $"frame {sequence} has no ground truth");
            Frames.Add(truth);
        }
    }

    /// <summary>Pointing errors to person <paramref name="person"/> over frames with <paramref name="fromS"/> ≤ t &lt; <paramref name="toS"/>, degrees.</summary>
    public double[] PointingErrorsDeg(int person, double fromS, double toS) =>
        [.. Frames.Where(f => f.TimeS >= fromS && f.TimeS < toS).Select(f => f.People[person].PointingErrorRad * 180 / Math.PI)];

    public static double Percentile(double[] values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }

    public void Dispose()
    {
        Rig.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
