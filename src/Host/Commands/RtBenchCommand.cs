using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using RobotEdge.Host.Benchmarks.RealTime;
using RobotEdge.Host.Preflight;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench rt</c>: a cyclictest-like probe and then the robot's real-time loop, in one
/// process and one run, with what was happening at every late wake-up, overrun and slow frame
/// (<see cref="RealtimeBenchmark"/>). Prints figures; asserts nothing.
/// </summary>
public static class RtBenchCommand
{
    /// <summary>Builds <c>bench rt</c>.</summary>
    public static Command Create()
    {
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var seconds = new Option<double>("--seconds") { Description = "seconds of the probe, and of the loop after its warm-up frames", DefaultValueFactory = _ => 20 };
        var hog = new Option<int>("--hog") { Description = "busy threads of this process at normal priority beside both phases", DefaultValueFactory = _ => 0 };
        var hogProcesses = new Option<int>("--hog-processes") { Description = $"busy processes beside both phases ({CpuHog.ProcessCommand}, as on the CI machine)", DefaultValueFactory = _ => 0 };
        var noEvents = new Option<bool>("--no-runtime-events") { Description = "do not listen to the runtime's GC/JIT/suspension events (the listener allocates on its own thread; compare)" };
        var sampleMs = new Option<int>("--sample-ms") { Description = "thread CPU sampling interval, ms (0: off)", DefaultValueFactory = _ => 10 };
        var report = new Option<string?>("--report") { Description = "write the figures and every window's causes as JSON to this file" };
        var command = new Command("rt", "The machine's wake-up floor (a cyclictest-like probe) and the real-time loop side by side, with the causes of every overrun")
        {
            robot, seconds, hog, hogProcesses, noEvents, sampleMs, report,
        };
        command.SetAction(parse => Execute(new RtBenchOptions
        {
            RobotPath = parse.GetValue(robot)!,
            Seconds = parse.GetValue(seconds),
            HogThreads = parse.GetValue(hog),
            HogProcesses = parse.GetValue(hogProcesses),
            RuntimeEvents = !parse.GetValue(noEvents),
            SampleIntervalMs = parse.GetValue(sampleMs),
        }, parse.GetValue(report)));
        return command;
    }

    /// <summary>Runs the benchmark, prints it and writes the report; returns the exit code.</summary>
    public static int Execute(RtBenchOptions options, string? reportPath)
    {
        options.Validate();
        PreflightChecks.CheckReportPath(reportPath);
        RtBenchReport report = RealtimeBenchmark.Run(options, Console.Out);
        RtBenchPrinter.Print(report, Console.Out);
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, ToJson(report));
            Console.WriteLine($"report written to {reportPath}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The report as indented camelCase JSON; a figure without data is null.</summary>
    public static string ToJson(RtBenchReport report) => JsonSerializer.Serialize(report, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });
}
