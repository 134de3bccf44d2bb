using System.Text.Json.Nodes;
using RobotEdge.Sim.Scenarios;

namespace RobotEdge.Sim.Tests.Scenarios;

/// <summary>Scenarios with people: the shipped ones load, and a person's mistakes are named.</summary>
public sealed class PersonScenarioTests : IDisposable
{
    private const string Valid = """
        {
          "name": "one",
          "people": [
            {
              "photo": "basketball1.png",
              "crop": [ 20, 75, 160, 405 ],
              "heightM": 1.85,
              "waypoints": [ { "timeS": 0, "position": [ 2.8, 0.5, 0.25 ] } ],
              "absent": [ { "fromS": 3, "toS": 6 } ]
            }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-people-").FullName;

    private string FilePath => Path.Combine(_folder, "scenario.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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

    [Fact]
    public void TheShippedPersonScenariosLoad()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepoRoot(), "robots", "person_follower", "scenarios"), "*.json");
        Assert.Equal(["approach.json", "leave_return.json", "two_crossing.json", "walk_across.json"], files.Select(Path.GetFileName).Order());
        foreach (string file in files)
        {
            ScenarioDefinition scenario = ScenarioDefinition.Load(file);
            Assert.Null(scenario.Target);
            Assert.NotEmpty(scenario.People);
        }
    }

    [Fact]
    public void APersonLoadsWithTheirAbsence()
    {
        File.WriteAllText(FilePath, Valid);

        ScenarioDefinition scenario = ScenarioDefinition.Load(FilePath);

        PersonDefinition person = Assert.Single(scenario.People);
        Assert.Equal([20, 75, 160, 405], person.Crop);
        Assert.True(person.PresentAt(2.99));
        Assert.False(person.PresentAt(3.0));
        Assert.False(person.PresentAt(5.99));
        Assert.True(person.PresentAt(6.0));
    }

    [Theory]
    [InlineData("crop", "[1, 2, 3]", "people[0].crop", "needs 4 values [x, y, width, height] in pixels, x and y at least 0, width and height at least 8, got [1, 2, 3]")]
    [InlineData("heightM", "0", "people[0].heightM", "must be within (0, 10], got 0")]
    [InlineData("background", "\"green\"", "people[0].background", "must be \"keep\" or \"drop-border-colour\", got \"green\"")]
    [InlineData("waypoints", "[]", "people[0].waypoints", "is empty: the person needs at least one waypoint")]
    [InlineData("absent", "[ { \"fromS\": 3, \"toS\": 2 } ]", "people[0].absent[0].toS", "must be later than people[0].absent[0].fromS (3), got 2")]
    public void ABadPersonValueIsRefusedNamingItsField(string field, string raw, string path, string reason)
    {
        JsonObject scenario = JsonNode.Parse(Valid)!.AsObject();
        scenario["people"]![0]![field] = JsonNode.Parse(raw);
        File.WriteAllText(FilePath, scenario.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(FilePath));

        Assert.Contains($"{path} (line ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFollowedPersonMustBeOneOfThePeople()
    {
        JsonObject scenario = JsonNode.Parse(Valid)!.AsObject();
        scenario["followPerson"] = 1;
        File.WriteAllText(FilePath, scenario.ToJsonString());

        var e = Assert.Throws<InvalidDataException>(() => ScenarioDefinition.Load(FilePath));

        Assert.EndsWith("must be within [0, 0], got 1", e.Message, StringComparison.Ordinal);
    }
}
