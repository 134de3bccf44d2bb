using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Faults;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Perception.Tracking;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.Vision.Geometry;
using RobotEdge.Vision.Preprocessing;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Composes a robot's perception from its configuration, the same way for <c>sim</c>, <c>run</c> and
/// <c>perceive</c>: model card (<see cref="LoadCard"/>), ONNX Runtime session on the providers in the
/// order written (<see cref="ParseProviders"/>), preprocessing, tracker, the edge offload when a
/// site edge server is given, and the 3D pose solver. Builds into locals and disposes what it built
/// when a later part fails; starts nothing. Not real-time; call before the loop.
/// </summary>
public static class PerceptionFactory
{
    /// <summary>
    /// The models generated from code (file names without <c>.card.json</c>): the only cards
    /// <c>model.generateIfMissing</c> creates. Any other missing card is an error naming its path.
    /// </summary>
    public static IReadOnlyList<string> BuiltInModels { get; } = ["marker_pose", "marker_simcc", "marker_yolo_pose"];

    /// <summary>
    /// Builds the perception for frames of <paramref name="frameWidth"/>×<paramref name="frameHeight"/>
    /// pixels running <paramref name="card"/>.
    /// </summary>
    /// <param name="config">The robot: <c>model</c>, <c>tracking</c>, <c>camera</c> and <c>target</c>.</param>
    /// <param name="card">The model card (<see cref="LoadCard"/>, or a card given on the command line).</param>
    /// <param name="frameWidth">Frame width, pixels.</param>
    /// <param name="frameHeight">Frame height, pixels.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="edge">The site edge server to offload to; null: on board only.</param>
    /// <param name="faults">Where the edge client's loops report an unexpected exception (the rig's heartbeat); null: logged only.</param>
    /// <param name="health">Fills the health reports the edge client sends (off the hot path); null: none sent.</param>
    /// <param name="offloadCounters">Per-route counts the offload keeps (shared with whoever reports them); null: its own.</param>
    /// <exception cref="InvalidDataException">The model does not load, or the configuration names an unknown provider or preprocessing.</exception>
    public static PerceptionStack Build(RobotConfig config, ModelCard card, int frameWidth, int frameHeight, ILoggerFactory loggers,
        EdgeClientOptions? edge = null, IFaultReporter? faults = null, Action<RobotHealth>? health = null, OffloadCounters? offloadCounters = null)
    {
        ILogger logger = loggers.CreateLogger("RobotEdge.Perception");
        ExecutionProvider[] providers = ParseProviders(config.Model.Providers);
        if (card.Output.Decoder == OutputDecoder.Blazepose)
        {
            return BuildBlazePose(config, card, providers, logger, edge);
        }

        OnnxPoseModel model = OnnxPoseModel.Load(card, providers, logger, config.Model.IntraOpThreads,
            config.Model.TensorRtEngineCache is null ? null : config.Resolve(config.Model.TensorRtEngineCache));
        PoseEstimator? onBoard = null;
        EdgeClient? client = null;
        try
        {
            TrackingConfig tracking = config.Tracking;
            MultiTargetTracker? tracker = tracking.Enabled
                ? new MultiTargetTracker(tracking.MaxTargets, card.Keypoints.Length, card.Output.MinConfidence,
                    tracking.GatePx, tracking.MaxMisses, tracking.MinCutoffHz, tracking.Beta)
                : null;
            onBoard = new PoseEstimator(model, PreprocessorChoice.Create(config.Model.Preprocessing, card.Input, frameWidth, frameHeight, logger), tracker);
            TargetPoseSolver? solver = tracking.SolvePose
                ? new TargetPoseSolver(PinholeCamera.FromConfig(config.Camera), TargetPoseSolver.SquareTarget(config.Target.MarkerSpacingM),
                    tracking.KeypointSigmaPx, config.Camera.Distortion.Length == 5 ? config.Camera.Distortion : null)
                : null;
            OffloadingPoseEstimator? offload = null;
            if (edge is not null)
            {
                client = new EdgeClient(edge, card, frameWidth, frameHeight, loggers.CreateLogger("RobotEdge.Edge.Client"), faults, health);
                offload = new OffloadingPoseEstimator(onBoard, client, new OffloadBudget
                {
                    EndToEndMs = config.Deadline.EndToEndMs,
                    AfterPerceptionMs = config.Deadline.PlanMs + config.Deadline.ControlMs,
                }, offloadCounters);
            }

            return new PerceptionStack(onBoard, offload, solver);
        }
        catch
        {
            client?.Dispose();
            if (onBoard is not null)
            {
                onBoard.Dispose();
            }
            else
            {
                model.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The BlazePose pipeline for a <c>blazepose</c> card: both models (converted from their TFLite
    /// originals on first use), One-Euro smoothing with <c>tracking</c>'s settings. Offloading it to
    /// an edge server and the marker target's pose solve are refused: the edge serves one model per
    /// card, and BlazePose reports metric world landmarks instead of a marker plate's pose.
    /// </summary>
    private static PerceptionStack BuildBlazePose(RobotConfig config, ModelCard card, ExecutionProvider[] providers, ILogger logger, EdgeClientOptions? edge)
    {
        if (edge is not null)
        {
            throw new InvalidDataException(
                $"model card {card.SourcePath} is a blazepose card (two models per frame); the edge server does not serve it yet: run it on board (without --edge)");
        }

        if (config.Tracking.SolvePose)
        {
            throw new InvalidDataException(
                $"tracking.solvePose solves the marker target's pose; model card {card.SourcePath} is a blazepose card, which reports world landmarks instead: turn solvePose off");
        }

        BlazePoseEstimator estimator = BlazePoseEstimator.Load(card, providers, logger, config.Model.IntraOpThreads,
            config.Tracking.MinCutoffHz, config.Tracking.Beta);
        return new PerceptionStack(estimator);
    }

    /// <summary>
    /// Loads the robot's model card (<c>model.card</c>). When it is missing and
    /// <c>model.generateIfMissing</c> is set, a built-in model (<see cref="BuiltInModels"/>, told by
    /// the card's file name) is generated there first; any other missing card is an error naming the path.
    /// </summary>
    /// <exception cref="FileNotFoundException">The card does not exist and is not a built-in model to generate.</exception>
    /// <exception cref="InvalidDataException">The card is malformed.</exception>
    public static ModelCard LoadCard(RobotConfig config, ILogger logger)
    {
        string cardPath = config.Resolve(config.Model.Card);
        if (!File.Exists(cardPath))
        {
            string name = Path.GetFileName(cardPath).EndsWith(".card.json", StringComparison.Ordinal)
                ? Path.GetFileName(cardPath)[..^".card.json".Length]
                : "";
            string builtIn = string.Join(", ", BuiltInModels.Select(m => m + ".card.json"));
            if (!config.Model.GenerateIfMissing)
            {
                throw new FileNotFoundException(
                    $"model.card {cardPath} does not exist (generateIfMissing is off): fix the path, or generate the built-in model with robotedge model generate", cardPath);
            }

            if (!BuiltInModels.Contains(name))
            {
                throw new FileNotFoundException(
                    $"model.card {cardPath} does not exist; generateIfMissing only creates the built-in models ({builtIn}): fix the path", cardPath);
            }

            logger.LogInformation("Generating the built-in model {Name} at {Path}", name, cardPath);
            Generate(name, Path.GetDirectoryName(cardPath)!);
        }

        return ModelCard.Load(cardPath).LogWarnings(logger);
    }

    /// <summary>
    /// Parses provider names from configuration (<c>cpu</c>, <c>cuda</c>, <c>tensorrt</c>), keeping the
    /// order written: it is the order they are tried in. An empty list means CPU.
    /// </summary>
    /// <exception cref="InvalidDataException">An unknown name.</exception>
    public static ExecutionProvider[] ParseProviders(IEnumerable<string> names)
    {
        ExecutionProvider[] parsed = names.Select(n => n.Trim().ToLowerInvariant() switch
        {
            "cpu" => ExecutionProvider.Cpu,
            "cuda" => ExecutionProvider.Cuda,
            "tensorrt" or "trt" => ExecutionProvider.TensorRt,
            _ => throw new InvalidDataException($"unknown execution provider '{n}' in model.providers (expected cpu, cuda or tensorrt)"),
        }).ToArray();
        return parsed.Length == 0 ? [ExecutionProvider.Cpu] : parsed;
    }

    private static void Generate(string name, string directory)
    {
        switch (name)
        {
            case "marker_simcc":
                SimccMarkerModelGenerator.Generate(directory, name);
                break;
            case "marker_yolo_pose":
                YoloPoseMarkerModelGenerator.Generate(directory, name);
                break;
            default:
                MarkerPoseModelGenerator.Generate(directory, name);
                break;
        }
    }
}
