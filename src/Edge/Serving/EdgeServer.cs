using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Inference;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Scheduling;
using RobotEdge.Edge.Site;
using RobotEdge.Edge.SiteView;
using SiteAssignment = RobotEdge.Edge.Site.TaskAssignment;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// The site edge server: Kestrel with one WebSocket per robot at <c>/robot</c> and the site status
/// as JSON at <c>/status</c>. A robot authenticates with its own bearer token in the upgrade
/// request (<c>Authorization: Bearer …</c>); a missing, unknown or revoked token is refused with
/// 401 before any robot data is read.
/// </summary>
/// <remarks>
/// Why WebSocket and not length-prefixed TCP: the upgrade is an HTTP request, so authentication,
/// the status endpoint and the robots' connections share one port and one Kestrel pipeline (TLS
/// comes from Kestrel's configuration, not from code of ours); WebSocket framing delimits
/// messages, and WireCodec's own header still checks every length. The price is 2–14 bytes of
/// framing per message and the client's payload masking (a 4-byte XOR over the tensor), both small
/// next to the inference they carry; ClientWebSocket is in the base library, so robots need no
/// extra package.
/// </remarks>
public sealed partial class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, RobotConnection> _connections = new();
    private int _stopped;

    private EdgeServer(EdgeServerOptions options, WebApplication app, BatchedPoseModel model, InferenceExecutor executor, EdgeStatistics statistics, ILogger logger)
    {
        Options = options;
        Statistics = statistics;
        _app = app;
        Model = model;
        Executor = executor;
        _logger = logger;
        Registry = new RobotRegistry(options.Site.Robots);
        Site = new SiteTaskBoard(Registry.Entries, options.Site.Robots, options.Site.Tasks);
        Health = new SiteHealthBoard(Registry.Entries.Count);
        if (options.Operators is not null)
        {
            View = new SiteViewServer(options.Operators, Site.Snapshot, Health, logger);
        }
    }

    /// <summary>The server's configuration.</summary>
    public EdgeServerOptions Options { get; }

    /// <summary>Counters.</summary>
    public EdgeStatistics Statistics { get; }

    /// <summary>The robots and their tokens.</summary>
    public RobotRegistry Registry { get; }

    /// <summary>The site's robots and tasks.</summary>
    public SiteTaskBoard Site { get; }

    /// <summary>The robots' newest health reports.</summary>
    public SiteHealthBoard Health { get; }

    /// <summary>The site view at <c>/</c>; null when no operators are configured.</summary>
    public SiteViewServer? View { get; }

    /// <summary>The address Kestrel listens on (the real port when the options asked for port 0).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The robots' WebSocket endpoint.</summary>
    public Uri RobotEndpoint => new UriBuilder(BaseAddress) { Scheme = BaseAddress.Scheme == "https" ? "wss" : "ws", Path = "/robot" }.Uri;

    internal BatchedPoseModel Model { get; }

    internal InferenceExecutor Executor { get; }

    /// <summary>The scheduler's service-time profile for a batch of one, ms: typical (median) and predicted (high percentile).</summary>
    public (double TypicalMs, double PredictedMs) ServiceTimeOfOne => (Executor.TypicalMs()[0], Executor.PredictedMs()[0]);

    /// <summary>Loads the model, seeds the execution profile, and starts listening.</summary>
    public static async Task<EdgeServer> StartAsync(EdgeServerOptions options, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("RobotEdge.Edge");
        var model = BatchedPoseModel.Load(options.Card, options.Providers, logger, options.MaxBatch, options.IntraOpThreads);
        var schedulerOptions = new SchedulerOptions
        {
            MaxBatch = options.Policy == "fcfs" ? 1 : options.MaxBatch,
            QueueCap = options.QueueCap,
            RobotCapacity = Math.Max(1, options.Site.Robots.Count),
        };
        IInferenceScheduler scheduler = options.Policy switch
        {
            "deadline" => new DeadlineScheduler(schedulerOptions),
            "fcfs" => new FcfsScheduler(schedulerOptions),
            _ => throw new ArgumentException($"unknown scheduling policy '{options.Policy}' (expected deadline or fcfs)"),
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxMessageBytes);
        WebApplication app = builder.Build();

        var statistics = new EdgeStatistics();
        var executor = new InferenceExecutor(model, scheduler, statistics, logger);
        var server = new EdgeServer(options, app, model, executor, statistics, logger);
        executor.WarmUp(options.ProfileWarmupRuns);
        executor.Start();

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(2) });
        app.Map("/robot", server.AcceptRobotAsync);
        app.MapGet("/status", (HttpContext context) => server.View is { } view && !view.IsOperator(context.Request)
            ? Results.Text("sign in: HTTP Basic authentication with an operator's name and token\n", statusCode: StatusCodes.Status401Unauthorized)
            : Results.Json(server.Status()));
        server.View?.Map(app);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            // Kestrel could not bind (a busy port): stop the executor and release the model before
            // the caller reports it, rather than leave them running in a process that is ending.
            await server.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
        LogListening(logger, server.BaseAddress, scheduler.Name, model.Provider.ToString(), options.MaxBatch, options.Site.Robots.Count);
        return server;
    }

    /// <summary>Revokes a robot's token and drops its connection.</summary>
    public async Task RevokeAsync(string robotId)
    {
        if (!Registry.Revoke(robotId))
        {
            throw new ArgumentException($"no robot '{robotId}' on this site");
        }

        foreach (RobotConnection c in _connections.Values)
        {
            if (c.Robot.Id == robotId)
            {
                await c.CloseAsync(WebSocketCloseStatus.PolicyViolation, "token revoked").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Kills the server as a crash would: every connection is dropped at once without a closing
    /// handshake, then the listener stops. Robots see their connection reset.
    /// </summary>
    public async Task KillAsync()
    {
        foreach (RobotConnection c in _connections.Values)
        {
            c.Abort();
        }

        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
    }

    /// <summary>Stops listening and the executor; connections get up to <paramref name="grace"/> to close.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(grace);
        foreach (RobotConnection c in _connections.Values)
        {
            if (grace <= TimeSpan.Zero)
            {
                c.Abort();
            }
        }

        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Grace period over: remaining connections were aborted.
        }

        if (View is not null)
        {
            await View.DisposeAsync().ConfigureAwait(false);
        }

        Executor.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
        Model.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(1)));

    internal void SendAssignments(List<SiteAssignment> assignments)
    {
        foreach (SiteAssignment a in assignments)
        {
            if (_connections.TryGetValue(a.Robot, out RobotConnection? c))
            {
                c.Send(new Bus.Network.Protocol.TaskAssignment { TaskId = a.TaskId, XM = a.XM, YM = a.YM, Description = a.Description });
                LogAssigned(_logger, a.TaskId, c.Robot.Id);
            }
        }
    }

    internal void OnDisconnected(RobotConnection connection)
    {
        if (_connections.TryRemove(new KeyValuePair<int, RobotConnection>(connection.Robot.Index, connection)))
        {
            SendAssignments(Site.Update(connection.Robot.Index, connected: false, faulted: false, null, null, null));
        }
    }

    private async Task AcceptRobotAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("robots connect here with a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        string header = context.Request.Headers.Authorization.ToString();
        string? token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        AuthenticationResult result = Registry.Authenticate(token, out RobotEntry? robot);
        if (result != AuthenticationResult.Accepted)
        {
            Interlocked.Increment(ref Statistics._refusedConnections);
            LogRefused(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", result);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new RobotConnection(robot!, socket, context, this, _logger);
        if (_connections.TryGetValue(robot!.Index, out RobotConnection? previous))
        {
            // The robot reconnected: its old connection is dead or stale.
            await previous.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection").ConfigureAwait(false);
            previous.Abort();
        }

        _connections[robot.Index] = connection;
        await connection.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private object Status()
    {
        SiteSnapshot site = Site.Snapshot();
        EdgeStatistics s = Statistics;
        return new
        {
            policy = Executor.Policy,
            provider = Model.Provider.ToString(),
            model = Model.Card.Name,
            maxBatch = Model.MaxBatch,
            queueLength = Executor.QueueLength,
            predictedP99MsByBatch = Executor.PredictedMs(),
            robots = site.Robots,
            health = View?.Rows() ?? Health.Rows(site, Bus.Clocks.MonotonicClock.GetTimestampNs()),
            tasks = site.Tasks,
            counters = new
            {
                s.Requests, s.Served, s.RejectedDeadline, s.RejectedQueueFull, s.RejectedSuperseded, s.RejectedFairShare, s.RejectedInvalid,
                s.Batches, s.MeanBatch, s.LateCompletions, s.MalformedMessages, s.RefusedConnections, s.DroppedSends,
                s.RejectedInfeasible, s.KeepWarmRuns, OverRateRequests = Executor.OverRateRequests, RefusedHealthReports = Health.RefusedReports,
            },
        };
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Edge server listening on {Address}: policy {Policy}, provider {Provider}, batches up to {MaxBatch}, {Robots} robots on the site")]
    private static partial void LogListening(ILogger logger, Uri address, string policy, string provider, int maxBatch, int robots);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Connection from {Remote} refused: token {Result}")]
    private static partial void LogRefused(ILogger logger, string remote, AuthenticationResult result);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Task {Task} assigned to robot {Robot}")]
    private static partial void LogAssigned(ILogger logger, string task, string robot);
}
