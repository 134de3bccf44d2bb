using RobotEdge.Bus.Configuration;

namespace RobotEdge.RobotModel.Config;

/// <summary>Which pose model the robot runs and where.</summary>
public sealed class ModelConfig
{
    /// <summary>Model card (JSON beside the .onnx), relative to the robot folder.</summary>
    public string Card { get; set; } = "models/marker_pose.card.json";

    /// <summary>
    /// Generate the built-in marker model at the card's path when it is missing (the default robot's
    /// model is generated from code, never downloaded).
    /// </summary>
    public bool GenerateIfMissing { get; set; } = true;

    /// <summary>
    /// Execution providers in order of preference (<c>tensorrt</c>, <c>cuda</c>, <c>cpu</c>), tried in the
    /// order written; <c>["cpu"]</c> when left out. A list given in robot.json replaces the default
    /// (<see cref="RobotConfigLoader"/> empties lists before binding: the configuration binder would
    /// otherwise append, turning <c>["cuda"]</c> into <c>[cpu, cuda]</c>).
    /// </summary>
    public string[] Providers { get; set; } = ["cpu"];

    /// <summary>ONNX Runtime intra-op threads for the on-board model.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Folder (relative to the robot folder) where the TensorRT provider caches the engines it builds;
    /// null: no cache, every start rebuilds them.
    /// </summary>
    public string? TensorRtEngineCache { get; set; }

    /// <summary>
    /// Who turns frames into the input tensor: <c>opencv</c> (OpenCV's resize and convert kernels on
    /// one thread; the default, as it measured fastest on our 2-core machine: <c>robotedge bench
    /// vision</c>), <c>managed</c> (RobotEdge's AVX2 path), or <c>auto</c> (both timed at start-up, the
    /// faster kept; not deterministic from run to run, so not the default).
    /// </summary>
    public string Preprocessing { get; set; } = "opencv";

    /// <summary>Provider names <see cref="Providers"/> may hold.</summary>
    public static readonly string[] KnownProviders = ["cpu", "cuda", "tensorrt", "trt"];

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>model</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(Card, $"{path}.card");
        problems.Require(Providers.Length > 0, $"{path}.providers", "names no execution provider (cpu, cuda, tensorrt)");
        for (int i = 0; i < Providers.Length; i++)
        {
            string name = Providers[i]?.Trim().ToLowerInvariant() ?? "";
            problems.Require(KnownProviders.Contains(name), $"{path}.providers[{i}]", $"'{Providers[i]}' is not an execution provider (cpu, cuda, tensorrt)");
            problems.Require(Array.FindIndex(Providers, p => string.Equals(p?.Trim(), Providers[i]?.Trim(), StringComparison.OrdinalIgnoreCase)) == i,
                $"{path}.providers[{i}]", $"'{Providers[i]}' is listed twice");
        }

        problems.Within(IntraOpThreads, 1, 256, $"{path}.intraOpThreads");
        problems.Require(Preprocessing is "managed" or "opencv" or "auto", $"{path}.preprocessing", $"'{Preprocessing}' is not managed, opencv or auto");
    }
}
