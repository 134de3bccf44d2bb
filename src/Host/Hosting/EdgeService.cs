using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving;
using RobotEdge.Host.Commands;
using RobotEdge.Host.Preflight;
using RobotEdge.Host.Runtime;
using RobotEdge.RobotModel.Config;
using RobotEdge.Teleop.Access;

namespace RobotEdge.Host.Hosting;

/// <summary>
/// <c>robotedge edge</c> as a hosted service. <see cref="StartAsync"/> loads the model, warms the
/// executor and returns once Kestrel listens, so the host's "started" — systemd's <c>READY=1</c> —
/// means robots can connect; <see cref="StopAsync"/> (SIGTERM, Ctrl+C) gives connections a grace
/// period, stops the executor and prints the server's counters.
/// </summary>
public sealed class EdgeService : IHostedService
{
    /// <summary>How long open robot connections get to close at shutdown.</summary>
    private static readonly TimeSpan ConnectionGrace = TimeSpan.FromSeconds(2);

    private readonly EdgeRunOptions _options;
    private readonly ILoggerFactory _loggers;
    private EdgeServer? _server;

    /// <summary>Serves the site <paramref name="options"/> names.</summary>
    public EdgeService(EdgeRunOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
    }

    /// <summary>Loads the model card and the site, starts the executor and Kestrel; returns once it listens.</summary>
    /// <exception cref="PreflightException">An address of <c>--urls</c> cannot be bound (in use, not permitted): found before the model is loaded.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PreflightChecks.CheckListenAddresses(_options.Urls, "--urls");
        RobotConfig config = RobotConfigLoader.Load(_options.RobotPath);
        SiteFile site = _options.SitePath is null ? EdgeCommand.NewSite("artifacts/edge-site.json", _options.Urls) : SiteFile.Load(_options.SitePath);
        var options = new EdgeServerOptions
        {
            Url = _options.Urls,
            Card = SimulatedRobotRig.LoadOrGenerateCard(config, _loggers.CreateLogger("RobotEdge.Edge")),
            Providers = SimulatedRobotRig.ParseProviders(_options.Providers.Split(',')),
            Site = site,
            Policy = _options.Policy,
            MaxBatch = _options.MaxBatch,
            IntraOpThreads = _options.IntraOpThreads,
            Operators = _options.OperatorsPath is null ? null : OperatorDirectory.Load(_options.OperatorsPath),
        };

        try
        {
            _server = await EdgeServer.StartAsync(options, _loggers).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Kestrel's bind failure, if the port was taken after the check.
            throw new PreflightException($"--urls {_options.Urls}: {CommandErrors.OneLine(e.Message)}", e);
        }

        Console.WriteLine($"edge server on {_server.BaseAddress} (robots: {_server.RobotEndpoint}, status: {new Uri(_server.BaseAddress, "status")}); Ctrl+C stops it");
        Console.WriteLine(_server.View is null
            ? "site view off (start with --operators FILE to serve it at /)"
            : $"site view at {_server.BaseAddress} for operators {string.Join(", ", options.Operators!.Names)}");
    }

    /// <summary>Stops listening and the executor, then prints what was served.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        await _server.StopAsync(ConnectionGrace).ConfigureAwait(false);
        EdgeStatistics s = _server.Statistics;
        Console.WriteLine($"served {s.Served} of {s.Requests} requests, rejected {s.Rejected}, mean batch {s.MeanBatch:F2}, malformed messages {s.MalformedMessages}, refused connections {s.RefusedConnections}");
        _server = null;
    }
}
