using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Clocks;
using RobotEdge.Edge.Tests.Support;
using RobotEdge.Perception.Offload;

namespace RobotEdge.Edge.Tests.Serving;

public class ReconnectTests
{
    [Fact]
    public async Task TheClientRejoinsARestartedServerAndOffloadsAgain()
    {
        int port = FreeLoopbackPort();
        EdgeTestSite first = await EdgeTestSite.StartAsync(robots: 1, port: port);
        using var client = new EdgeClient(first.ClientOptions(0), first.Card, 640, 480, NullLogger.Instance);
        client.Start();
        Assert.True(await WaitAsync(() => client.IsHealthy), "never joined the first server");
        Assert.Equal(EdgeAnswerStatus.Pose, RoundTrip(client, sequence: 1));

        await first.Server.KillAsync();
        Assert.True(await WaitAsync(() => !client.IsHealthy), "did not notice the server died");
        // Nothing to talk to: a request fails at once instead of waiting for its deadline.
        Assert.Equal(EdgeAnswerStatus.Disconnected, RoundTrip(client, sequence: 2));
        await first.DisposeAsync();

        // A new server on the same address: the client's backoff loop finds it and offloads again.
        await using EdgeTestSite second = await EdgeTestSite.StartAsync(robots: 1, port: port);
        Assert.True(await WaitAsync(() => client.IsHealthy), "never rejoined the restarted server");
        Assert.Equal(2, client.Connections);
        Assert.Equal(EdgeAnswerStatus.Pose, RoundTrip(client, sequence: 3));
    }

    private static EdgeAnswerStatus RoundTrip(EdgeClient client, long sequence)
    {
        Array.Fill(client.TensorBytes, (byte)128);
        long now = MonotonicClock.GetTimestampNs();
        long until = now + 2_000_000_000;
        var answer = default(EdgeAnswer);
        return client.Submit(sequence, now, client.Clock.ToEdgeNs(until), until - now)
            ? client.Wait(sequence, until, ref answer)
            : EdgeAnswerStatus.Disconnected;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
