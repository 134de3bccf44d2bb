using System.Text.Json.Nodes;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Tests.Models;

/// <summary>
/// Model cards refuse nonsense when loaded: each bad value named by its path with its line and
/// column; unknown fields are warned about (cards come from other tools too) and ignored.
/// </summary>
public sealed class ModelCardConfigValidationTests : IDisposable
{
    private const string ValidCard = """
        {
          "name": "test",
          "modelFile": "test.onnx",
          "input": { "name": "image", "width": 192, "height": 256, "mean": [0, 0, 0], "std": [255, 255, 255], "padValue": [128, 128, 128] },
          "output": { "name": "heatmaps", "decoder": "heatmap", "stride": 4, "minConfidence": 0.3 },
          "keypoints": [ "a", "b", "c" ],
          "skeleton": [ [0, 1], [1, 2] ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-card-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "test.card.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(Action<JsonObject> edit)
    {
        JsonObject card = JsonNode.Parse(ValidCard)!.AsObject();
        edit(card);
        File.WriteAllText(Path, card.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private (int Line, int Column) Where(string needle)
    {
        string[] lines = File.ReadAllLines(Path);
        int i = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        return (i + 1, lines[i].IndexOf(needle, StringComparison.Ordinal) + 1);
    }

    [Fact]
    public void A_valid_card_loads_with_its_values_and_no_warnings()
    {
        Write(_ => { });

        ModelCard card = ModelCard.Load(Path);

        Assert.Equal((192, 256, 4), (card.Input.Width, card.Input.Height, card.Output.Stride));
        Assert.Empty(card.Warnings);
    }

    [Theory]
    [InlineData("input", "width", "0", "input size 0x256 must be within 1x1 and 4096x4096 pixels")]
    [InlineData("input", "height", "100000", "input size 192x100000 must be within 1x1 and 4096x4096 pixels")]
    [InlineData("input", "width", "\"NaN\"", "must be a whole number from -2147483648 to 2147483647, found the string \"NaN\"")]
    [InlineData("input", "mean", "[0, 0]", "needs 3 values (one per channel), got 2")]
    [InlineData("output", "stride", "0", "must be within [1, 192], got 0")]
    [InlineData("output", "minConfidence", "1.5", "must be within [0, 1], got 1.5")]
    [InlineData("output", "peakValue", "\"NaN\"", "must be a finite number, found the string \"NaN\"")]
    [InlineData("output", "peakValue", "1e39", "must be a finite number, found 1e39")]
    [InlineData("output", "nmsIou", "0", "must be within (0, 1], got 0")]
    [InlineData("output", "splitRatio", "-2", "must be within (0, 64], got -2")]
    [InlineData("output", "maxDetections", "0", "must be within [1, ")]
    public void A_bad_value_is_refused_naming_its_field_line_and_column(string section, string field, string raw, string reason)
    {
        Write(c => c[section]![field] = JsonNode.Parse(raw));
        (int line, int _) = Where($"\"{field}\"");

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        Assert.StartsWith($"model card {Path}: {section}.", e.Message, StringComparison.Ordinal);
        Assert.Contains($" (line {line}, column ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("; ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("std", "[255, 0, 255]", "input.std[1]", "must be a positive number, got 0")]
    [InlineData("padValue", "[128, 128, 300]", "input.padValue[2]", "must be within [0, 255], got 300")]
    public void A_bad_channel_value_is_refused_naming_its_index_line_and_column(string field, string raw, string path, string reason)
    {
        Write(c => c["input"]![field] = JsonNode.Parse(raw));
        string[] lines = File.ReadAllLines(Path);
        int key = Array.FindIndex(lines, l => l.Contains($"\"{field}\"", StringComparison.Ordinal));
        int element = key + 1 + int.Parse(path[^2..^1], System.Globalization.CultureInfo.InvariantCulture);

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        int column = lines[element].IndexOf(raw.Split(',')[int.Parse(path[^2..^1], System.Globalization.CultureInfo.InvariantCulture)].Trim('[', ']', ' '), StringComparison.Ordinal) + 1;
        Assert.Equal($"model card {Path}: {path} (line {element + 1}, column {column}): {reason}", e.Message);
    }

    [Fact]
    public void An_unknown_field_is_a_warning_naming_it_and_the_card_still_loads()
    {
        Write(c =>
        {
            c["licence"] = "Apache-2.0";
            c["output"]!["minConfidance"] = 0.5;
        });
        (int line, int column) = Where("\"minConfidance\"");

        ModelCard card = ModelCard.Load(Path);

        Assert.Equal(2, card.Warnings.Count);
        // In document order: the output section comes before the licence added at the end.
        Assert.StartsWith($"model card {Path}: output.minConfidance (line {line}, column {column}): is not a known field and is ignored (known here: name, nameY, decoder, stride", card.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"model card {Path}: licence (line ", card.Warnings[1], StringComparison.Ordinal);
        Assert.Equal(0.3f, card.Output.MinConfidence);

        var logger = new Inference.ListLogger();
        Assert.Same(card, card.LogWarnings(logger));
        Assert.Equal(card.Warnings, logger.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Id == 110).Select(l => l.Text));
    }

    [Fact]
    public void A_missing_model_file_or_keypoints_is_refused()
    {
        Write(c =>
        {
            c.Remove("modelFile");
            c.Remove("keypoints");
            c.Remove("skeleton");
        });

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        Assert.Contains("modelFile: is missing: the model file cannot be guessed", e.Message, StringComparison.Ordinal);
        Assert.Contains("keypoints: is missing: the keypoints' names cannot be guessed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skeleton_edge_naming_no_keypoint_is_refused_by_its_index()
    {
        Write(c => c["skeleton"] = JsonNode.Parse("[[0, 1], [1, 7]]"));

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        Assert.Contains("skeleton[1] (line ", e.Message, StringComparison.Ordinal);
        Assert.Contains("[1,7] does not name two keypoints (indices 0 to 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_decoder_is_refused_naming_the_field()
    {
        Write(c => c["output"]!["decoder"] = "heatmapz");

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        Assert.StartsWith($"model card {Path}: output.decoder (line ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line_and_column()
    {
        File.WriteAllText(Path, "{\n  \"modelFile\": \"m.onnx\",\n  \"input\": { \"width\": 10 \"height\": 10 }\n}");

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Path));

        Assert.StartsWith($"model card {Path}: invalid JSON: ", e.Message, StringComparison.Ordinal);
        (int line, int column) = Where("\"height\"");
        Assert.Equal(3, line);
        Assert.EndsWith($"(line 3, column {column})", e.Message, StringComparison.Ordinal);
    }
}
