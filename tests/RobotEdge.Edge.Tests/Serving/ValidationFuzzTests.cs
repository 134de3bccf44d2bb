using RobotEdge.Edge.Tests.Support;
using RobotEdge.Host.Benchmarks.EdgeFuzz;
using Xunit.Abstractions;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// A short run of <c>robotedge edge fuzz</c>'s engine against a server in this process: thousands
/// of malformed messages of every class, an honest robot beside them. Counts only: no bad message
/// answered with a pose, the honest robot never dropped and every frame of it answered.
/// </summary>
public sealed class ValidationFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MalformedMessagesAreNeverAnsweredWithAPoseAndTheHonestRobotStays()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 3);
        var target = new EdgeFuzzTarget
        {
            RobotEndpoint = site.Server.RobotEndpoint,
            ModelName = site.Card.Name,
            TensorValues = 3 * site.Card.Input.Width * site.Card.Input.Height,
            Honest = ("robot-0", EdgeTestSite.TokenOf(0)),
            Fuzzers = [("robot-1", EdgeTestSite.TokenOf(1)), ("robot-2", EdgeTestSite.TokenOf(2))],
        };

        EdgeFuzzReport report = await EdgeFuzzRun.RunAsync(target, new EdgeFuzzSettings { Messages = 6_000, MessagesPerSecond = 2_000, Seed = 7, BaselineSeconds = 1 }, CancellationToken.None);

        output.WriteLine($"sent {report.SentTotal} in {report.Seconds:F1} s; poses to bad messages {report.PosesToBadMessagesTotal}; " +
                         $"rejections {string.Join(", ", report.Rejections.Select(p => $"{p.Key} {p.Value}"))}; closed {string.Join(", ", report.ClosedByServer.Select(p => $"{p.Key} {p.Value}"))}; " +
                         $"honest {report.HonestFrames} frames, {report.HonestHitRate:P1} hits, rejections {string.Join(", ", report.HonestRejections.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.Equal(6_000, report.SentTotal);
        Assert.Equal(Enum.GetValues<FuzzClass>().Length - 2, report.Sent.Keys.Count(k => k is not (FuzzClass.Oversized or FuzzClass.BadHello)));
        // Tensors of NaN and infinities are refused by the connection's own check (edgeconn's part of
        // the issue); every other class must never get a pose.
        Assert.Empty(report.PosesToBadMessages.Where(p => p.Key != FuzzClass.NonFiniteTensor));
        Assert.Equal(0, report.PosesToUnknownSequences);
        Assert.Equal(0, report.Resets);
        Assert.Equal(0, report.HonestDisconnects);
        Assert.True(report.HonestFrames > 0);
        // Rejections to the fuzzers' requests are answers, one per request the server could read.
        Assert.True(report.Rejections.GetValueOrDefault("Malformed") > 0, "no malformed request was answered as such");
        Assert.True(report.Rejections.GetValueOrDefault("DeadlineUnreachable") > 0, "no past deadline was answered as such");
        Assert.True(site.Server.Statistics.MalformedMessages > 3_000, $"{site.Server.Statistics.MalformedMessages} messages refused as malformed");
    }
}
