using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The one perception factory <c>sim</c>, <c>run</c> and <c>perceive</c> share: providers in the
/// order written, model cards generated only for the built-in models, and the pose solve timed as
/// its own stage.
/// </summary>
public sealed class PerceptionFactoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-host-tests", Guid.NewGuid().ToString("n"));

    public PerceptionFactoryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(new[] { "cuda" }, new[] { ExecutionProvider.Cuda })]
    [InlineData(new[] { "tensorrt", "cuda", "cpu" }, new[] { ExecutionProvider.TensorRt, ExecutionProvider.Cuda, ExecutionProvider.Cpu })]
    [InlineData(new[] { "cpu", "cuda" }, new[] { ExecutionProvider.Cpu, ExecutionProvider.Cuda })]
    [InlineData(new[] { " CUDA ", "trt" }, new[] { ExecutionProvider.Cuda, ExecutionProvider.TensorRt })]
    [InlineData(new string[0], new[] { ExecutionProvider.Cpu })]
    public void Providers_keep_the_order_written(string[] names, ExecutionProvider[] expected) =>
        Assert.Equal(expected, PerceptionFactory.ParseProviders(names));

    [Fact]
    public void An_unknown_provider_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidDataException>(() => PerceptionFactory.ParseProviders(["cuda", "vulkan"]));
        Assert.Contains("'vulkan'", e.Message);
    }

    [Theory]
    [InlineData("[\"cuda\"]", new[] { "cuda" })]
    [InlineData("[\"tensorrt\", \"cpu\"]", new[] { "tensorrt", "cpu" })]
    public void Providers_in_robot_json_arrive_as_written_not_appended_to_a_default(string json, string[] expected)
    {
        JsonNode robot = JsonNode.Parse(File.ReadAllText(Path.Combine(TestRigs.DefaultRobotPath, RobotConfigLoader.FileName)))!;
        robot["model"]!["providers"] = JsonNode.Parse(json);
        File.WriteAllText(Path.Combine(_folder, RobotConfigLoader.FileName), robot.ToJsonString());

        RobotConfig config = RobotConfigLoader.Load(_folder);

        Assert.Equal(expected, config.Model.Providers);
    }

    [Fact]
    public void A_missing_providers_list_means_cpu()
    {
        JsonNode robot = JsonNode.Parse(File.ReadAllText(Path.Combine(TestRigs.DefaultRobotPath, RobotConfigLoader.FileName)))!;
        robot["model"]!.AsObject().Remove("providers");
        File.WriteAllText(Path.Combine(_folder, RobotConfigLoader.FileName), robot.ToJsonString());

        RobotConfig config = RobotConfigLoader.Load(_folder);

        Assert.Equal([ExecutionProvider.Cpu], PerceptionFactory.ParseProviders(config.Model.Providers));
    }

    [Fact]
    public void A_mistyped_card_path_is_an_error_naming_it_and_nothing_is_generated()
    {
        RobotConfig config = TestRigs.DefaultConfig();
        string card = Path.Combine(_folder, "modles", "marker_pose.card.jsn");
        config.Model.Card = card;

        var e = Assert.Throws<FileNotFoundException>(() => PerceptionFactory.LoadCard(config, NullLogger.Instance));

        Assert.Contains(card, e.Message);
        Assert.False(Directory.Exists(Path.Combine(_folder, "modles")));
    }

    [Fact]
    public void A_card_that_is_not_a_built_in_model_is_not_generated_even_when_allowed()
    {
        RobotConfig config = TestRigs.DefaultConfig();
        config.Model.GenerateIfMissing = true;
        config.Model.Card = Path.Combine(_folder, "models", "my_pose.card.json");

        var e = Assert.Throws<FileNotFoundException>(() => PerceptionFactory.LoadCard(config, NullLogger.Instance));

        Assert.Contains("my_pose.card.json", e.Message);
        Assert.Contains("marker_pose.card.json", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_folder, "models")));
    }

    [Fact]
    public void A_missing_built_in_card_is_not_generated_when_generation_is_off()
    {
        RobotConfig config = TestRigs.DefaultConfig();
        config.Model.GenerateIfMissing = false;
        config.Model.Card = Path.Combine(_folder, "models", "marker_pose.card.json");

        var e = Assert.Throws<FileNotFoundException>(() => PerceptionFactory.LoadCard(config, NullLogger.Instance));

        Assert.Contains("generateIfMissing is off", e.Message);
        Assert.False(File.Exists(config.Model.Card));
    }

    [Theory]
    [InlineData("marker_pose", OutputDecoder.Heatmap)]
    [InlineData("marker_simcc", OutputDecoder.Simcc)]
    [InlineData("marker_yolo_pose", OutputDecoder.YoloPose)]
    public void A_missing_built_in_card_is_generated_by_its_own_generator(string name, OutputDecoder decoder)
    {
        RobotConfig config = TestRigs.DefaultConfig();
        config.Model.GenerateIfMissing = true;
        config.Model.Card = Path.Combine(_folder, "models", name + ".card.json");

        ModelCard card = PerceptionFactory.LoadCard(config, NullLogger.Instance);

        Assert.Equal(decoder, card.Output.Decoder);
        Assert.True(File.Exists(card.ModelPath));
    }

    [Fact]
    public void The_pose_solve_has_its_own_time_and_decoding_is_not_billed_for_it()
    {
        RobotConfig config = TestRigs.DefaultConfig();
        config.Model.Card = Path.Combine(_folder, "models", "marker_pose.card.json");
        config.Tracking.SolvePose = true;
        using SimulatedRobotRig rig = SimulatedRobotRig.Build(config, realTime: false, NullLoggerFactory.Instance);
        Assert.NotNull(rig.PoseSolver);
        var pool = new FramePool(config.Camera.Width, config.Camera.Height, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        rig.CameraSource.TryCapture(frame!);
        var stage = new PerceptionStage(rig.Perception, rig.PoseSolver);
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);

        for (int i = 0; i < 5; i++)
        {
            stage.Estimate(frame!, ref estimate, ref timings);
        }

        // The scenario's first frame shows the whole target: its pose is solved, and timed on its own.
        Assert.True(estimate.Target.Valid);
        Assert.True(timings.PoseSolveNs > 0);
        Assert.True(timings.DecodeNs > 0);

        // Without a solver, no pose and no solve time.
        var withoutSolver = new PerceptionStage(rig.Perception, null);
        withoutSolver.Estimate(frame!, ref estimate, ref timings);
        Assert.False(estimate.Target.Valid);
        Assert.Equal(0, timings.PoseSolveNs);
    }
}
