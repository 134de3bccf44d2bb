using System.Text.Json;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Runs of the real <c>robotedge sim</c> CLI in its own process, made once for the tests of what the
/// whole process does in steady state (<see cref="RealtimeWarmupTests"/>, <see cref="ProcessAllocationTests"/>):
/// in its own process because those are process-wide counts (every thread's allocations and
/// compilations), which the test runner's own threads would blur, and because the runtime settings
/// under test are the CLI's (its runtimeconfig), not the test host's. Each run's JSON report is kept;
/// the folder it was written in is deleted on dispose.
/// </summary>
public sealed class RealtimeWarmupRuns : IDisposable
{
    /// <summary>Frames per run: the warm-up frames, then 150 steady-state frames (5 s at 30 fps).</summary>
    public const int Frames = 60 + 150;

    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "robotedge-warmup-runs-" + Guid.NewGuid().ToString("n"));
    private readonly Dictionary<string, JsonElement> _reports = [];

    public RealtimeWarmupRuns() => Directory.CreateDirectory(_folder);

    /// <summary>
    /// The report of <c>robotedge sim --frames <see cref="Frames"/> --quiet</c> on the default robot,
    /// with <c>--realtime</c> when <paramref name="realTime"/>, under the extra <paramref name="environment"/>
    /// (e.g. a runtime setting); run on first request, the same report afterwards.
    /// </summary>
    public JsonElement Report(bool realTime, params (string Name, string Value)[] environment)
    {
        string key = (realTime ? "realtime" : "lockstep") + string.Concat(environment.Select(e => $";{e.Name}={e.Value}"));
        lock (_reports)
        {
            if (_reports.TryGetValue(key, out JsonElement cached))
            {
                return cached;
            }

            string reportPath = Path.Combine(_folder, $"report-{_reports.Count}.json");
            List<string> arguments = ["sim", "--robot", TestRigs.DefaultRobotPath, "--frames", Frames.ToString(), "--quiet", "--report", reportPath];
            if (realTime)
            {
                arguments.Add("--realtime");
            }

            using var process = new RobotEdgeProcess(_folder, environment.ToDictionary(e => e.Name, e => e.Value), [.. arguments]);
            Assert.True(process.WaitForExit(Wait), $"sim did not finish within {Wait}: {process.Output}");
            Assert.True(process.ExitCode == 0, $"sim exited {process.ExitCode}: {process.Output}");
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(reportPath));
            JsonElement report = json.RootElement.Clone();
            Assert.Equal(Frames, report.GetProperty("frames").GetInt64());
            _reports[key] = report;
            return report;
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The tests that share <see cref="RealtimeWarmupRuns"/>: run alone, after the parallel tests, so that the runs see a machine as quiet as the test run allows.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealtimeWarmupCollection : ICollectionFixture<RealtimeWarmupRuns>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process runtime runs";
}
