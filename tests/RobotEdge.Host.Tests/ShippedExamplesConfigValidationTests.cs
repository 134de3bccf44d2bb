using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RobotEdge.Edge.Registry;
using RobotEdge.Perception.Models;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Every configuration example the project ships loads through the loader that will read it: each
/// robot folder under <c>robots/</c> with its scenarios, and every JSON example in README.md (fenced
/// <c>json</c> blocks, the model card fragments and the operator file written inline).
/// </summary>
public sealed partial class ShippedExamplesConfigValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-examples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "RobotEdge.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("RobotEdge.sln not found above the test's folder");
    }

    private static string Readme => File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));

    private static string[] RobotNames() =>
        [.. Directory.GetDirectories(Path.Combine(RepoRoot(), "robots")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> RobotFolders() => new(RobotNames());

    [Theory]
    [MemberData(nameof(RobotFolders))]
    public void Every_shipped_robot_and_its_scenarios_load(string name)
    {
        string folder = Path.Combine(RepoRoot(), "robots", name);

        RobotConfig config = RobotConfigLoader.Load(folder);

        Assert.Equal(name, config.Name);
        Assert.True(File.Exists(config.Resolve(config.Urdf)), $"{name}: its URDF {config.Urdf} is missing");
        string scenarios = Path.Combine(folder, "scenarios");
        foreach (string scenario in Directory.Exists(scenarios) ? Directory.GetFiles(scenarios, "*.json") : [])
        {
            ScenarioDefinition loaded = ScenarioDefinition.Load(scenario);
            Assert.True(loaded.Target is { Waypoints.Length: > 0 } || loaded.People.Length > 0, $"{scenario}: nothing moves in it");
        }
    }

    [Fact]
    public void The_shipped_robots_are_all_found()
    {
        Assert.Equal(["pan_tilt", "person_follower", "so101_arm"], RobotNames());
        Assert.Equal("scenarios/sweep.json", RobotConfigLoader.Load(Path.Combine(RepoRoot(), "robots", "pan_tilt")).Sim.Scenario);
    }

    [Fact]
    public void Every_json_block_of_the_readme_loads_through_its_loader()
    {
        MatchCollection blocks = JsonBlock().Matches(Readme);
        Assert.True(blocks.Count >= 3, $"found only {blocks.Count} json blocks in README.md");

        foreach (Match block in blocks)
        {
            string json = block.Groups["body"].Value;
            int line = Readme[..block.Index].Count(c => c == '\n') + 1;
            string file = Path.Combine(_folder, $"readme-line-{line}.json");
            if (json.TrimStart().StartsWith('{') && JsonNode.Parse(json)!.AsObject().ContainsKey("robots"))
            {
                File.WriteAllText(file, json);
                SiteFile site = SiteFile.Load(file);
                Assert.NotEmpty(site.Robots);
            }
            else if (json.TrimStart().StartsWith('"'))
            {
                // A fragment of robot.json: it replaces those sections of the shipped pan-tilt robot.
                JsonObject fragment = JsonNode.Parse("{" + json + "}")!.AsObject();
                JsonObject robot = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "robots", "pan_tilt", "robot.json")))!.AsObject();
                foreach ((string key, JsonNode? value) in fragment.ToList())
                {
                    fragment.Remove(key);
                    robot[key] = value;
                }

                string robotFolder = Directory.CreateDirectory(Path.Combine(_folder, $"robot-{line}")).FullName;
                File.WriteAllText(Path.Combine(robotFolder, RobotConfigLoader.FileName), robot.ToJsonString());
                RobotConfig config = RobotConfigLoader.Load(robotFolder);
                Assert.True(config.Buses.Count > 0 || config.Camera.Source != "sim", $"README line {line}: the fragment's values were not bound");
            }
            else
            {
                Assert.Fail($"README.md line {line}: a json block this test does not know how to load");
            }
        }
    }

    [Fact]
    public void The_readme_model_card_fragments_load_as_cards()
    {
        string[] inputs = [.. CardInput().Matches(Readme).Select(m => m.Groups["json"].Value)];
        string[] outputs = [.. CardOutput().Matches(Readme).Select(m => m.Groups["json"].Value)];
        Assert.Equal(2, inputs.Length);
        Assert.Equal(inputs.Length, outputs.Length);

        for (int i = 0; i < inputs.Length; i++)
        {
            string path = Path.Combine(_folder, $"card-{i}.card.json");
            File.WriteAllText(path, $$"""{ "modelFile": "m.onnx", "keypoints": ["a", "b"], {{inputs[i]}}, {{outputs[i]}} }""");

            ModelCard card = ModelCard.Load(path);

            Assert.Empty(card.Warnings);
            Assert.True(card.Input.Width > 0);
        }
    }

    [Fact]
    public void The_readme_operator_file_example_loads()
    {
        Match example = OperatorFile().Match(Readme);
        Assert.True(example.Success, "the operator file example is no longer in README.md");
        string path = Path.Combine(_folder, "operators.json");
        File.WriteAllText(path, example.Groups["json"].Value.Replace("<64 hex digits>", new string('a', 64), StringComparison.Ordinal));

        Assert.NotNull(OperatorDirectory.Load(path));
    }

    [GeneratedRegex(@"^```json\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"`(?<json>""input"": \{[^`]*\})`")]
    private static partial Regex CardInput();

    [GeneratedRegex(@"`(?<json>""output"": \{[^`]*\})`")]
    private static partial Regex CardOutput();

    [GeneratedRegex(@"`(?<json>\{""operators"": \[[^`]*\]\})`")]
    private static partial Regex OperatorFile();
}
