using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Inference;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Scheduling;
using RobotEdge.Edge.Serving.Connections;
using RobotEdge.Edge.Site;
using RobotEdge.Edge.SiteView;
using SiteAssignment = RobotEdge.Edge.Site.TaskAssignment;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// The site edge server: Kestrel with one WebSocket per robot at <c>/robot</c> and the site status
/// as JSON at <c>/status</c>. A robot authenticates with its own bearer token in the upgrade
/// request (<c>Authorization: Bearer …</c>, the scheme in any case); a missing, unknown or revoked
/// token is refused with 401 and a <c>WWW-Authenticate</c> challenge before any robot data is read.
/// A robot has at most one live connection: a newer one replaces the older atomically (see
/// <see cref="ConnectionTable"/>); every connection is tracked until it ends, so revocation and
/// shutdown reach all of them, and a watchdog enforces the hello, idle and close timeouts.
/// Shutdown: <c>EdgeServer.Shutdown.cs</c>.
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
    private readonly ConnectionWatchdog _watchdog;

    private EdgeServer(EdgeServerOptions options, WebApplication app, BatchedPoseModel model, InferenceExecutor executor, EdgeStatistics statistics, ILogger logger)
    {
        Options = options;
        Statistics = statistics;
        _app = app;
        Model = model;
        Executor = executor;
        _logger = logger;
        Registry = new RobotRegistry(options.Site.Robots);
        ConnectionTable = new ConnectionTable(Registry.Entries.Count);
        ReceiveLimitBytes = LargestMessageBytes(options.MaxMessageBytes, model.InputItemLength);
        _watchdog = new ConnectionWatchdog(ConnectionTable,
            ConnectionWatchdog.PeriodFor(Math.Min(options.HelloTimeoutMs, Math.Min(options.IdleTimeoutMs, options.CloseTimeoutMs))));
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

    /// <summary>What happened to robot connections (replacements, timeouts, shutdown answers).</summary>
    public ConnectionStatistics ConnectionStatistics { get; } = new();

    /// <summary>Robot connections tracked now, live or closing.</summary>
    public int TrackedConnections => ConnectionTable.Count;

    /// <summary>Robots with a live connection now.</summary>
    public int LiveConnections => ConnectionTable.LiveCount;

    /// <summary>Bytes the connections' receive buffers hold now.</summary>
    public long ReceiveBufferBytes => ConnectionTable.ReceiveBufferBytes;

    /// <summary>
    /// The largest message a robot may send, bytes: <see cref="EdgeServerOptions.MaxMessageBytes"/>
    /// or the largest message the model makes legal, whichever is smaller. Larger ones close the connection (1009).
    /// </summary>
    public int ReceiveLimitBytes { get; }

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

    internal ConnectionTable ConnectionTable { get; }

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
        // The server's lifetime is its owner's (StopAsync), not the process's signals: the web
        // host's own console lifetime would also catch SIGTERM and Ctrl+C and stop its half of the
        // server behind the owner's back.
        builder.Services.AddSingleton<IHostLifetime>(new OwnerManagedLifetime());
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
            ? OperatorChallenge(context)
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

    /// <summary>Revokes a robot's token and closes every connection it has, live or closing.</summary>
    public Task RevokeAsync(string robotId)
    {
        if (!Registry.Revoke(robotId))
        {
            throw new ArgumentException($"no robot '{robotId}' on this site");
        }

        // An upgrade authenticated just before the revocation but admitted after this sweep reads
        // the revoked flag after its admission (AcceptRobotAsync), so it closes itself.
        foreach (RobotConnection c in ConnectionTable.All)
        {
            if (c.Robot.Id == robotId)
            {
                c.Close(WebSocketCloseStatus.PolicyViolation, "token revoked");
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Kills the server as a crash would: every connection is dropped at once without a closing
    /// handshake, then the listener stops. Robots see their connection reset.
    /// </summary>
    public async Task KillAsync()
    {
        foreach (RobotConnection c in ConnectionTable.All)
        {
            c.Abort();
        }

        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(1)));

    internal void SendAssignments(List<SiteAssignment> assignments)
    {
        foreach (SiteAssignment a in assignments)
        {
            if (ConnectionTable.Live(a.Robot) is { } c)
            {
                c.Send(new Bus.Network.Protocol.TaskAssignment { TaskId = a.TaskId, XM = a.XM, YM = a.YM, Description = a.Description });
                LogAssigned(_logger, a.TaskId, c.Robot.Id);
            }
        }
    }

    /// <summary>A connection's request has ended: it is forgotten, and its robot marked disconnected unless a newer connection replaced it.</summary>
    internal void OnDisconnected(RobotConnection connection)
    {
        if (ConnectionTable.Remove(connection))
        {
            SendAssignments(Site.Update(connection.Robot.Index, connected: false, faulted: false, null, null, null));
        }
    }

    /// <summary>
    /// The largest legal message for a model of <paramref name="inputItemLength"/> input values: a
    /// request with a float32 tensor, plus room for its fields (the robot id, four integers) and for
    /// a health report's strings; at least 64 KiB, at most <paramref name="maxMessageBytes"/>.
    /// </summary>
    internal static int LargestMessageBytes(int maxMessageBytes, int inputItemLength) =>
        (int)Math.Min(maxMessageBytes, Math.Max(64 * 1024, (long)inputItemLength * sizeof(float) + 4096));

    private async Task AcceptRobotAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("robots connect here with a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        if (IsShuttingDown)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("the edge server is shutting down").ConfigureAwait(false);
            return;
        }

        string? token = BearerCredentials.TokenOf(context.Request.Headers.Authorization.ToString());
        AuthenticationResult result = Registry.Authenticate(token, out RobotEntry? robot);
        if (result != AuthenticationResult.Accepted)
        {
            Interlocked.Increment(ref Statistics._refusedConnections);
            LogRefused(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", result);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = BearerCredentials.Challenge(result);
            return;
        }

        if (!ConnectionTable.TryReserve(robot!.Index, Options.MaxConnectionsPerRobot))
        {
            // A storm of upgrades with one token: its older connections are still closing.
            if (Interlocked.Increment(ref ConnectionStatistics._tooManyConnections) % 100 == 1)
            {
                LogTooManyConnections(_logger, robot.Id, Options.MaxConnectionsPerRobot, ConnectionStatistics.TooManyConnections);
            }

            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            return;
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        }
        catch
        {
            ConnectionTable.Release(robot.Index);
            throw;
        }

        using var owned = socket;
        var connection = new RobotConnection(ConnectionTable.NextId(), robot!, socket, context, this, _logger);
        RobotConnection? previous = ConnectionTable.Admit(connection);
        Interlocked.Increment(ref ConnectionStatistics._admitted);
        if (previous is not null)
        {
            // The robot reconnected (or one token is used twice at once): the older connection is
            // stale. Exactly one caller gets each displaced connection, so each is closed once.
            Interlocked.Increment(ref ConnectionStatistics._replaced);
            LogReplaced(_logger, robot!.Id, previous.Id, connection.Id);
            previous.Close(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection");
        }

        // Read after the admission (a full fence): a revocation or shutdown that swept the table
        // before this connection was in it is seen here instead.
        if (Registry.IsRevoked(robot!))
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "token revoked");
        }
        else if (IsShuttingDown)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        }

        await connection.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The 401 of <c>/status</c> without an operator's credentials, with its Basic challenge (RFC 7617)
    /// — except to a page's own script (<c>fetch</c>, which browsers mark with <c>Sec-Fetch-Mode</c>
    /// cors/same-origin/no-cors): a Basic challenge there makes the browser open its own sign-in
    /// dialog over the site view, which has a sign-in form of its own, and a headless browser's
    /// <c>fetch</c> then never settles. Tools (curl, a monitoring scraper) and navigations get it.
    /// </summary>
    private static IResult OperatorChallenge(HttpContext context)
    {
        string? fetchMode = context.Request.Headers["Sec-Fetch-Mode"];
        if (fetchMode is not ("cors" or "same-origin" or "no-cors"))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"robotedge site\", charset=\"UTF-8\"";
        }

        return Results.Text("sign in: HTTP Basic authentication with an operator's name and token\n", statusCode: StatusCodes.Status401Unauthorized);
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
            connections = new
            {
                live = ConnectionTable.LiveCount, tracked = ConnectionTable.Count, receiveBufferBytes = ConnectionTable.ReceiveBufferBytes,
                ConnectionStatistics.Admitted, ConnectionStatistics.Replaced, ConnectionStatistics.HelloTimeouts, ConnectionStatistics.IdleTimeouts,
                ConnectionStatistics.TooManyConnections, ConnectionStatistics.TooLarge, ConnectionStatistics.AbortedAfterClose, ConnectionStatistics.ShutdownAnswers,
                ConnectionStatistics.NonFiniteTensors, ConnectionStatistics.InFlightRefusals,
            },
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

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Robot {Robot}: upgrade refused (429), it holds {Max} connections already (refused so far: {Count}; logged every 100th)")]
    private static partial void LogTooManyConnections(ILogger logger, string robot, int max, long count);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Robot {Robot}: connection {Previous} replaced by connection {Connection}")]
    private static partial void LogReplaced(ILogger logger, string robot, long previous, long connection);
}
