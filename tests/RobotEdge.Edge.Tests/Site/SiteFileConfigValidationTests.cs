using RobotEdge.Edge.Registry;

namespace RobotEdge.Edge.Tests.Site;

/// <summary>
/// The site file (<c>robotedge edge --robots FILE</c>): its documented form loads, positions included,
/// and nonsense is refused naming the field with its line and column.
/// </summary>
public sealed class SiteFileConfigValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-site-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "site.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_documented_form_loads_with_its_positions()
    {
        File.WriteAllText(Path, """
            { "robots": [ { "id": "arm-1", "token": "0123456789abcdef01", "revoked": false, "xM": 2.5, "yM": -1 } ],
              "tasks":  [ { "id": "inspect-3", "xM": 4.0, "yM": 1.5, "description": "inspect shelf 3" } ] }
            """);

        SiteFile site = SiteFile.Load(Path);

        Assert.Equal((2.5, -1.0), (site.Robots[0].XM, site.Robots[0].YM));
        Assert.Equal((4.0, 1.5, "inspect shelf 3"), (site.Tasks[0].XM, site.Tasks[0].YM, site.Tasks[0].Description));
    }

    [Fact]
    public void A_saved_site_loads_back_unchanged()
    {
        var site = new SiteFile
        {
            Robots = [new RobotEntryConfig { Id = "a", Token = "0123456789abcdef01", XM = 1.25, YM = 3 }],
            Tasks = [new SiteTaskConfig { Id = "t", XM = -2, YM = 0.5, Description = "d" }],
        };
        site.Save(Path);

        Assert.Contains("\"xM\": 1.25", File.ReadAllText(Path), StringComparison.Ordinal);
        SiteFile back = SiteFile.Load(Path);
        Assert.Equal((1.25, 3.0, -2.0, 0.5), (back.Robots[0].XM, back.Robots[0].YM, back.Tasks[0].XM, back.Tasks[0].YM));
    }

    [Theory]
    [InlineData("""{ "robots": [ { "id": "a", "token": "0123456789abcdef01", "xM": "NaN" } ] }""", "robots[0].xM", "must be a finite number, found the string \"NaN\"")]
    [InlineData("""{ "robots": [ { "id": "a", "token": "0123456789abcdef01", "xm": 1 } ] }""", "robots[0].xm", "is not a known field (known here: id, token, revoked, xM, yM)")]
    [InlineData("""{ "robots": [ { "id": "a", "token": "short" } ] }""", "robots[0].token", "('a') must be unique and at least 16 characters long")]
    [InlineData("""{ "robots": [ { "id": "a", "token": "0123456789abcdef01" }, { "id": "a", "token": "0123456789abcdef02" } ] }""", "robots[1].id", "is missing or repeated")]
    [InlineData("""{ "robots": [], "tasks": [ { "id": "t", "yM": 1e999 } ] }""", "tasks[0].yM", "must be a finite number, found 1e999")]
    [InlineData("""{ "robots": [ { "id": "a", "token": "0123456789abcdef01", "revoked": "no" } ] }""", "robots[0].revoked", "must be true or false, found the string \"no\"")]
    public void Nonsense_is_refused_naming_the_field(string json, string field, string reason)
    {
        File.WriteAllText(Path, json);
        int column = json.IndexOf($"\"{field[(field.LastIndexOf('.') + 1)..]}\"", StringComparison.Ordinal) + 1;
        if (field == "robots[1].id")
        {
            column = json.IndexOf("\"id\"", json.IndexOf("}, {", StringComparison.Ordinal), StringComparison.Ordinal) + 1;
        }

        var e = Assert.Throws<InvalidDataException>(() => SiteFile.Load(Path));

        Assert.Equal($"site file {Path}: {field} (line 1, column {column}): {reason}", e.Message);
    }

    [Fact]
    public void A_file_without_robots_is_refused()
    {
        File.WriteAllText(Path, """{ "tasks": [] }""");

        var e = Assert.Throws<InvalidDataException>(() => SiteFile.Load(Path));

        Assert.Equal($"site file {Path}: robots: is missing: a site file lists the robots allowed to join, each with its token", e.Message);
    }

    [Fact]
    public void Invalid_json_is_refused_with_its_line_and_column()
    {
        File.WriteAllText(Path, "{ \"robots\": [\n  { \"id\": \"a\" \"token\": \"0123456789abcdef01\" }\n] }");

        var e = Assert.Throws<InvalidDataException>(() => SiteFile.Load(Path));

        Assert.StartsWith($"site file {Path}: invalid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(line 2, column 15)", e.Message, StringComparison.Ordinal);
    }
}
