using RobotEdge.Control.Controllers;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Teleop.Tests;

/// <summary>Operator tokens and the control lease, without a browser.</summary>
public sealed class AccessUnitTests
{
    [Fact]
    public void TokensAreCheckedPerOperator()
    {
        var directory = OperatorDirectory.FromTokens([("alice", "a-token"), ("bob", "b-token")]);
        Assert.True(directory.Verify("alice", "a-token"));
        Assert.False(directory.Verify("alice", "b-token"));
        Assert.False(directory.Verify("carol", "a-token"));
        Assert.False(directory.Verify(null, "a-token"));
        Assert.False(directory.Verify("alice", null));
        Assert.Throws<ArgumentException>(() => OperatorDirectory.FromTokens([("alice", "x"), ("alice", "y")]));
        Assert.Throws<ArgumentException>(() => OperatorDirectory.FromTokens([]));
    }

    [Fact]
    public void OperatorFileTakesHashesOrPlainTokensAndNamesTheFileOnError()
    {
        string dir = Directory.CreateTempSubdirectory("robotedge-ops").FullName;
        string good = Path.Combine(dir, "operators.json");
        string hash = Convert.ToHexString(OperatorDirectory.Hash("s3cret"));
        File.WriteAllText(good, $$"""{ "operators": [ { "name": "alice", "tokenSha256": "{{hash}}" }, { "name": "bob", "token": "plain" } ] }""");
        OperatorDirectory directory = OperatorDirectory.Load(good);
        Assert.True(directory.Verify("alice", "s3cret"));
        Assert.True(directory.Verify("bob", "plain"));

        string bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """{ "operators": [ { "name": "alice", "tokenSha256": "abcd" } ] }""");
        var e = Assert.Throws<InvalidDataException>(() => OperatorDirectory.Load(bad));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains("operators[0].tokenSha256", e.Message);
        File.WriteAllText(bad, """{ "operators": [ { "name": "alice" } ] }""");
        Assert.Contains("needs tokenSha256 or token", Assert.Throws<InvalidDataException>(() => OperatorDirectory.Load(bad)).Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void OneHolderAtATimeAndOnlyAReleaseDisarmsTheWatch()
    {
        var limits = new JointLimitSet([-1.0], [1.0], [1.0]);
        var safety = new SafetySupervisor(limits, new SafetyConfig(), 500);
        var lease = new ControlLease(safety, timeoutMs: 60_000);

        Assert.True(lease.TryTake("s1", "alice"));
        Assert.False(lease.TryTake("s2", "bob"));
        Assert.Equal("alice", lease.HolderName);
        Assert.True(lease.Heartbeat("s1"));
        Assert.False(lease.Heartbeat("s2"));

        // An abandoned lease is free for others, but the watch stays armed.
        lease.Abandon("s1");
        Assert.Null(lease.HolderName);
        Assert.True(lease.TryTake("s2", "bob"));
        lease.Release("s2");
        Assert.Null(lease.HolderName);
    }

    [Fact]
    public void ALeaseWithoutHeartbeatsExpires()
    {
        var limits = new JointLimitSet([-1.0], [1.0], [1.0]);
        var safety = new SafetySupervisor(limits, new SafetyConfig(), 500);
        var lease = new ControlLease(safety, timeoutMs: 30);
        Assert.True(lease.TryTake("s1", "alice"));
        Thread.Sleep(100);
        Assert.False(lease.IsHeldBy("s1"));
        Assert.True(lease.TryTake("s2", "bob"));
    }
}
