using System.Text.Json;
using System.Text.Json.Serialization;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.Perception.Models;

/// <summary>
/// Describes a pose model so that the pipeline needs no model-specific code: what the input
/// tensor expects, how the output is decoded, and what the keypoints are. Stored as JSON beside
/// the .onnx file (<c>model.onnx</c> ↔ <c>model.card.json</c>).
/// </summary>
public sealed partial class ModelCard
{
    /// <summary>Human-readable model name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The .onnx file, relative to the card's folder.</summary>
    [RequiredField("the model file cannot be guessed")]
    public string ModelFile { get; set; } = "";

    /// <summary>Input tensor description.</summary>
    [RequiredField("the input tensor cannot be guessed")]
    public ModelInputSpec Input { get; set; } = new();

    /// <summary>Output tensor description and decoder.</summary>
    public ModelOutputSpec Output { get; set; } = new();

    /// <summary>Keypoint names, in output channel order.</summary>
    [RequiredField("the keypoints' names cannot be guessed")]
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

    /// <summary>
    /// Cards come from other tools too and may carry more (a licence, a source): an unknown field is
    /// a warning (<see cref="Warnings"/>), not a refusal.
    /// </summary>
    private static readonly JsonShapeOptions Shape = new(JsonNamingPolicy.CamelCase, IgnoreCase: false, UnknownFieldsAreErrors: false);

    /// <summary>What loading the card found worth saying without refusing it (unknown fields), one line each naming the file; the caller logs them.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>
    /// Loads and validates a card. Throws <see cref="FileNotFoundException"/> when it is missing,
    /// <see cref="InvalidDataException"/> naming the file and each field at fault (with its line and column)
    /// when it is refused.
    /// </summary>
    public static ModelCard Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model card not found: {path}", path);
        }

        string where = $"model card {path}";
        byte[] bytes = File.ReadAllBytes(path);
        using JsonDocument document = JsonLocations.Parse(where, bytes, out JsonLocations locations);
        var problems = new ConfigProblems(where, locations);
        JsonShape.Check(document.RootElement, typeof(ModelCard), problems, Shape);
        problems.ThrowIfAny();

        ModelCard card;
        try
        {
            card = document.RootElement.Deserialize<ModelCard>(JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw ConfigProblems.Refusal(where, [JsonLocations.SyntaxProblem(e)], e);
        }

        card.SourcePath = Path.GetFullPath(path);
        card.Validate(problems);
        problems.ThrowIfAny();
        card.Warnings = problems.WarningLines;
        return card;
    }

    /// <summary>Writes the card as JSON.</summary>
    public void Save(string path)
    {
        Validate();
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
        SourcePath = Path.GetFullPath(path);
    }

    /// <summary>Throws a <see cref="InvalidDataException"/> naming every inconsistent field.</summary>
    public void Validate()
    {
        var problems = new ConfigProblems($"model card {SourcePath ?? Name}");
        Validate(problems);
        problems.ThrowIfAny();
    }

    /// <summary>Checks every field: sizes, per-channel values, decoder settings, the skeleton's indices.</summary>
    public void Validate(ConfigProblems problems)
    {
        problems.NotEmpty(ModelFile, "modelFile");
        Input.Validate(problems, "input");
        Output.Validate(problems, "output", Input);
        ValidateBlazePose(problems);
        problems.Require(Keypoints.Length > 0, "keypoints", "is empty: the card must name the model's keypoints");
        for (int i = 0; i < Keypoints.Length; i++)
        {
            problems.NotEmpty(Keypoints[i], $"keypoints[{i}]");
            problems.Require(Array.IndexOf(Keypoints, Keypoints[i]) == i, $"keypoints[{i}]", $"'{Keypoints[i]}' is listed twice");
        }

        for (int i = 0; i < Skeleton.Length; i++)
        {
            int[] edge = Skeleton[i];
            problems.Require(edge.Length == 2 && edge.All(k => k >= 0 && k < Keypoints.Length), $"skeleton[{i}]",
                $"[{string.Join(",", edge)}] does not name two keypoints (indices 0 to {Keypoints.Length - 1})");
        }
    }
}
