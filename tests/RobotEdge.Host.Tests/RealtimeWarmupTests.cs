using System.Text.Json;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The warm-up ran: once the first steady-state frame's command is out, the JIT compiles nothing more
/// in the whole process for the rest of the run — no first call of a path the warm-up missed, no
/// tier-up recompilation, no on-stack replacement (each of which holds a thread, and a tier-up's
/// call-counting clean-up suspends them all). Counted by the runtime (JitInfo), on the real CLI in
/// its own process with its own runtime settings. A count, never a time.
/// </summary>
[Collection(RealtimeWarmupCollection.Name)]
public sealed class RealtimeWarmupTests(RealtimeWarmupRuns runs)
{
    [Fact]
    public void A_realtime_run_compiles_no_method_after_its_first_steady_frame()
    {
        JsonElement report = runs.Report(realTime: true);

        JsonElement steady = report.GetProperty("steadyState");
        Assert.Equal(JsonValueKind.Object, steady.ValueKind);
        Assert.True(report.GetProperty("framesCommanded").GetInt64() > RealtimeWarmupRuns.Frames / 2, report.ToString());
        Assert.True(steady.GetProperty("methodsCompiled").GetInt64() == 0, $"methods compiled in steady state: {steady}");
    }

    [Fact]
    public void A_lockstep_run_compiles_no_method_after_its_first_steady_frame()
    {
        JsonElement steady = runs.Report(realTime: false).GetProperty("steadyState");

        Assert.True(steady.GetProperty("methodsCompiled").GetInt64() == 0, $"methods compiled in steady state: {steady}");
    }

    [Fact]
    public void With_tiered_compilation_back_on_the_same_run_recompiles_in_steady_state()
    {
        // The control: the count sees compilations, and the CLI's setting is what removes them. With
        // tiered compilation (the runtime's default) methods called every frame or tick start as
        // quick tier-0 code and are recompiled once they have been called 30 times and the tiering
        // delay has passed; methods called once per progress report or per 25 frames get there well
        // after the 60 warm-up frames.
        JsonElement steady = runs.Report(realTime: false, ("DOTNET_TieredCompilation", "1")).GetProperty("steadyState");

        Assert.True(steady.GetProperty("methodsCompiled").GetInt64() > 0, $"no method compiled in steady state with tiered compilation: {steady}");
    }
}
