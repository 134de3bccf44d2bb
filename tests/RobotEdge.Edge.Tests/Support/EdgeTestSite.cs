using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving;
using RobotEdge.Host.Runtime;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>A site of robots with tokens and an edge server on a free loopback port, serving the default robot's model.</summary>
internal sealed class EdgeTestSite : IAsyncDisposable
{
    private EdgeTestSite(EdgeServer server, SiteFile site, ModelCard card, ListLoggerProvider logs, ILoggerFactory loggers)
    {
        Server = server;
        Site = site;
        Card = card;
        Logs = logs;
        Loggers = loggers;
    }

    public static string DefaultRobotPath => Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt");

    public EdgeServer Server { get; }

    public SiteFile Site { get; }

    public ModelCard Card { get; }

    public ListLoggerProvider Logs { get; }

    public ILoggerFactory Loggers { get; }

    /// <summary>Robot i's token ("robot-i"), as the site file lists it.</summary>
    public static string TokenOf(int i) => $"test-token-{i:D2}-0123456789abcdef";

    /// <summary>Starts a site of <paramref name="robots"/> robots; <paramref name="options"/> may adjust the server's options (limits, timeouts).</summary>
    public static async Task<EdgeTestSite> StartAsync(int robots, Action<SiteFile>? configure = null, string policy = "deadline", int port = 0,
        Func<EdgeServerOptions, EdgeServerOptions>? options = null)
    {
        RobotConfig config = RobotConfigLoader.Load(DefaultRobotPath);
        ModelCard card = SimulatedRobotRig.LoadOrGenerateCard(config, NullLogger.Instance);
        var site = new SiteFile();
        for (int i = 0; i < robots; i++)
        {
            site.Robots.Add(new RobotEntryConfig { Id = $"robot-{i}", Token = TokenOf(i), XM = i, YM = 0 });
        }

        configure?.Invoke(site);
        site.Validate("test");
        var logs = new ListLoggerProvider();
        ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var serverOptions = new EdgeServerOptions { Url = $"http://127.0.0.1:{port}", Card = card, Site = site, Policy = policy };
        EdgeServer server = await EdgeServer.StartAsync(options?.Invoke(serverOptions) ?? serverOptions, loggers);
        return new EdgeTestSite(server, site, card, logs, loggers);
    }

    public EdgeClientOptions ClientOptions(int robot, string? token = null) =>
        new() { Endpoint = Server.RobotEndpoint, Token = token ?? TokenOf(robot), BackoffInitialMs = 50, BackoffMaxMs = 400 };

    public SimulatedRobotRig BuildRig(int robot, bool realTime = false) =>
        SimulatedRobotRig.Build(RobotConfigLoader.Load(DefaultRobotPath), realTime, NullLoggerFactory.Instance, ClientOptions(robot));

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(TimeSpan.FromSeconds(1));
        Loggers.Dispose();
    }
}
