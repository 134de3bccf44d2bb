using System.Text.Json;
using System.Text.Json.Serialization;

namespace RobotEdge.Perception.Models;

/// <summary>
/// Describes a pose model so that the pipeline needs no model-specific code: what the input
/// tensor expects, how the output is decoded, and what the keypoints are. Stored as JSON beside
/// the .onnx file (<c>model.onnx</c> ↔ <c>model.card.json</c>).
/// </summary>
public sealed class ModelCard
{
    /// <summary>Human-readable model name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The .onnx file, relative to the card's folder.</summary>
    public string ModelFile { get; set; } = "";

    /// <summary>Input tensor description.</summary>
    public ModelInputSpec Input { get; set; } = new();

    /// <summary>Output tensor description and decoder.</summary>
    public ModelOutputSpec Output { get; set; } = new();

    /// <summary>Keypoint names, in output channel order.</summary>
    public string[] Keypoints { get; set; } = [];

    /// <summary>Pairs of keypoint indices drawn as the skeleton.</summary>
    public int[][] Skeleton { get; set; } = [];

    /// <summary>Where the model came from (e.g. the generator and its parameters).</summary>
    public string Provenance { get; set; } = "";

    /// <summary>Full path of the card file this instance was loaded from, if any.</summary>
    [JsonIgnore]
    public string? SourcePath { get; private set; }

    /// <summary>Absolute path of the model file.</summary>
    [JsonIgnore]
    public string ModelPath => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourcePath) ?? ".", ModelFile));

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Loads and validates a card; errors name the file and the offending field.</summary>
    public static ModelCard Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model card not found: {path}", path);
        }

        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"model card {path} is not valid JSON: {e.Message}", e);
        }

        if (card is null)
        {
            throw new InvalidDataException($"model card {path} is empty");
        }

        card.SourcePath = Path.GetFullPath(path);
        card.Validate();
        return card;
    }

    /// <summary>Writes the card as JSON.</summary>
    public void Save(string path)
    {
        Validate();
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
        SourcePath = Path.GetFullPath(path);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        string where = SourcePath ?? Name;
        void Fail(string message) => throw new InvalidDataException($"model card {where}: {message}");

        if (string.IsNullOrWhiteSpace(ModelFile)) Fail("modelFile is missing");
        if (Input.Width <= 0 || Input.Height <= 0) Fail($"input size {Input.Width}x{Input.Height} must be positive");
        if (Input.Mean.Length != 3 || Input.Std.Length != 3) Fail("input.mean and input.std need 3 values (one per channel)");
        if (Input.Std.Any(s => s <= 0)) Fail("input.std values must be positive");
        if (Input.PadValue.Length != 3) Fail("input.padValue needs 3 values (0..255, in the card's channel order)");
        if (Keypoints.Length == 0) Fail("keypoints is empty");
        if (Output.Stride <= 0) Fail("output.stride must be positive");
        if (Output.MinConfidence is < 0 or > 1) Fail("output.minConfidence must be within [0, 1]");
        if (Output.Decoder == OutputDecoder.Simcc && string.IsNullOrWhiteSpace(Output.NameY)) Fail("output.nameY (the y vectors' output) is required by the simcc decoder");
        if (Output.SplitRatio <= 0) Fail("output.splitRatio must be positive");
        if (Output.MinBoxScore is < 0 or > 1) Fail("output.minBoxScore must be within [0, 1]");
        if (Output.NmsIou is <= 0 or > 1) Fail("output.nmsIou must be within (0, 1]");
        if (Output.MaxDetections is < 1 or > Decoding.PoseDetectionList.MaxCapacity) Fail($"output.maxDetections must be within [1, {Decoding.PoseDetectionList.MaxCapacity}]");
        foreach (int[] edge in Skeleton)
        {
            if (edge.Length != 2 || edge.Any(i => i < 0 || i >= Keypoints.Length))
            {
                Fail($"skeleton edge [{string.Join(",", edge)}] does not name two keypoints");
            }
        }
    }
}
