using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RobotEdge.Control.Loop;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Operation;
using RobotEdge.Teleop.Video;

namespace RobotEdge.Teleop.Server;

/// <summary>
/// The operator console, served by the robot's own process with Kestrel: the page (<c>/</c>, its
/// script and style sheet, which carry no robot data) and one WebSocket endpoint (<c>/ws</c>) that
/// gives nothing until the page signs in with an operator's name and token. Signed-in pages receive
/// the robot's state about ten times a second and the camera as JPEG with the inferred keypoints;
/// every signed-in page may trigger the e-stop; only the holder of the control lease may change
/// the mode, jog or reset. Every command is answered: carried out, carried out in part (with how
/// far), or refused with the reason. Runs on its own threads (Kestrel's, a state thread and a video
/// thread), never on the robot's; each runs inside a fault barrier that reports an unexpected
/// exception to <see cref="ConsoleOptions.Faults"/>.
/// </summary>
public sealed partial class ConsoleServer : IAsyncDisposable
{
    private readonly ConsoleRobot _robot;
    private readonly OperatorDirectory _operators;
    private readonly ConsoleOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly VideoPump _video;
    private readonly ManualDriver _driver;
    private readonly object _snapshotLock = new();
    private ControlSnapshot _snapshot;
    private WebApplication? _app;
    private Thread? _stateThread;

    private ConsoleServer(ConsoleRobot robot, OperatorDirectory operators, ConsoleOptions options, ILoggerFactory loggers)
    {
        _robot = robot;
        _operators = operators;
        _options = options;
        _logger = loggers.CreateLogger("RobotEdge.Console");
        Lease = new ControlLease(robot.Safety, options.LeaseTimeoutMs);
        _driver = new ManualDriver(robot, options.JogSpeedFraction, options.HeartbeatMs);
        _video = new VideoPump(robot.Tap, options.JpegQuality, options.MaxVideoFps, () => _sessions.Values.Any(s => s.SignedIn),
            e => ReportFault("console video thread", e));
        _video.FrameReady += BroadcastFrame;
        _snapshot.State.JointCount = robot.Limits.Count;
    }

    /// <summary>The address the console listens on (the actual port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The control lease.</summary>
    public ControlLease Lease { get; }

    /// <summary>The video thread (figures).</summary>
    public VideoPump Video => _video;

    /// <summary>The operator's jog driver (manual mode).</summary>
    public ManualDriver Driver => _driver;

    /// <summary>Pages connected now (signed in or not).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The newest control snapshot the console has seen. Any thread.</summary>
    public ControlSnapshot LatestSnapshot
    {
        get
        {
            lock (_snapshotLock)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Starts Kestrel, the state thread and the video thread.</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http URL.</exception>
    public static async Task<ConsoleServer> StartAsync(ConsoleRobot robot, OperatorDirectory operators, ConsoleOptions options, ILoggerFactory loggers)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"console address '{options.Url}' must be an absolute http:// URL, e.g. http://127.0.0.1:8080");
        }

        var server = new ConsoleServer(robot, operators, options, loggers);
        await server.StartCoreAsync(url).ConfigureAwait(false);
        return server;
    }

    private async Task StartCoreAsync(Uri url)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        WebApplication app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(5) });
        string page = ReadAsset("index.html"), script = ReadAsset("console.js"), style = ReadAsset("console.css");
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/console.js", () => Results.Content(script, "text/javascript; charset=utf-8"));
        app.MapGet("/console.css", () => Results.Content(style, "text/css; charset=utf-8"));
        app.Map("/ws", HandleSocketAsync);
        await app.StartAsync().ConfigureAwait(false);
        _app = app;
        Address = new Uri(app.Urls.First());
        if (!IPAddress.TryParse(Address.Host, out IPAddress? ip) || !IPAddress.IsLoopback(ip))
        {
            LogExposed(_logger, Address);
        }

        _stateThread = new Thread(StateLoop) { Name = "robotedge-console-state", IsBackground = true };
        _stateThread.Start();
        _video.Start();
        LogListening(_logger, Address, string.Join(", ", _operators.Names));
    }

    /// <summary>One page's connection, inside the console's fault barrier.</summary>
    private async Task HandleSocketAsync(HttpContext context)
    {
        try
        {
            await ServeSocketAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!IsConnectionEnding(e))
        {
            ReportFault("console connection", e);
        }
    }

    private async Task ServeSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var session = new ConsoleSession(socket);
        _sessions[session.Id] = session;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, context.RequestAborted);
        Task sending = session.SendLoopAsync(done.Token);
        try
        {
            await ReceiveLoopAsync(socket, session, done.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionEnding(e))
        {
            // Connection gone.
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
            if (Lease.IsHeldBy(session.Id))
            {
                // Not a release: the safety layer's operator watch stays armed and stops the robot.
                Lease.Abandon(session.Id);
                LogLeaseAbandoned(_logger, session.Operator ?? "?");
            }

            done.Cancel();
            await sending.ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, ConsoleSession session, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        using var signInTimeout = new CancellationTokenSource(_options.SignInTimeoutMs);
        while (socket.State == WebSocketState.Open)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            using var receiveCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel, session.SignedIn ? CancellationToken.None : signInTimeout.Token);
            do
            {
                try
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), receiveCancel.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "sign in first").ConfigureAwait(false);
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                    return;
                }

                length += result.Count;
                if (length == buffer.Length && !result.EndOfMessage)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.MessageTooBig, "messages are at most 4 KiB").ConfigureAwait(false);
                    return;
                }
            }
            while (!result.EndOfMessage);

            ClientMessage? message = null;
            if (result.MessageType == WebSocketMessageType.Text)
            {
                try
                {
                    message = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ConsoleJson.Default.ClientMessage);
                }
                catch (JsonException)
                {
                    message = null;
                }
            }

            if (!session.SignedIn)
            {
                if (message is { Type: "hello" } && _operators.Verify(message.Name, message.Token))
                {
                    session.Operator = message.Name;
                    session.Reply(Serialize(Welcome(message.Name!)));
                    LogSignedIn(_logger, message.Name!);
                    continue;
                }

                LogRejected(_logger, message?.Type ?? "(not a message)", message?.Name ?? "");
                if (message is { Type: "hello" })
                {
                    // A sign-in with a wrong name or token is answered as what it is, a refusal; the
                    // same words either way, so the answer does not tell whether the name exists.
                    const string refused = "unknown operator or token";
                    await SendNowAsync(socket, Serialize(new ReplyMessage { Command = "hello", Ok = false, Reason = refused }), cancel).ConfigureAwait(false);
                    await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, refused).ConfigureAwait(false);
                    return;
                }

                await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "sign in first").ConfigureAwait(false);
                return;
            }

            if (message is null)
            {
                session.Reply(Serialize(new ReplyMessage { Command = "?", Ok = false, Reason = "not a JSON command" }));
                continue;
            }

            Dispatch(session, message);
        }
    }

    /// <summary>Sends one message before the session's send loop has anything to do with the page (sign-in refusal).</summary>
    private static async Task SendNowAsync(WebSocket socket, byte[] message, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(1000);
        await socket.SendAsync(message, WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(1000);
            await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            // Complete the closing handshake, so the page sees our status and reason (not 1006);
            // whatever it still sends meanwhile is discarded unread.
            var discard = new byte[1024];
            while (socket.State == WebSocketState.CloseSent)
            {
                ValueWebSocketReceiveResult r = await socket.ReceiveAsync(discard.AsMemory(), timeout.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private void BroadcastFrame(byte[] message)
    {
        foreach (ConsoleSession session in _sessions.Values)
        {
            if (session.SignedIn)
            {
                session.OfferFrame(message);
            }
        }
    }

    private WelcomeMessage Welcome(string operatorName) => new()
    {
        Operator = operatorName,
        Robot = _robot.Name,
        Joints = Enumerable.Range(0, _robot.Limits.Count).Select(i => new JointInfo
        {
            Name = _robot.Chain.ActiveJoints[i].Name,
            LowerRad = _robot.Limits.LowerRad[i],
            UpperRad = _robot.Limits.UpperRad[i],
            MaxVelocityRadPerS = _robot.Limits.MaxVelocityRadPerS[i],
            JogSpeedRadPerS = _driver.JogSpeedRadPerS(i),
        }).ToArray(),
        Width = _robot.Camera.Width,
        Height = _robot.Camera.Height,
        DeadlineMs = _robot.Telemetry.DeadlineMs,
        HeartbeatMs = _options.HeartbeatMs,
        LinkTimeoutMs = _robot.Safety.OperatorTimeoutMs,
        StateRateHz = _options.StateRateHz,
        MaxJogStepRad = _options.MaxJogStepRad,
        MaxCartesianStepM = _options.MaxCartesianStepM,
    };

    private static byte[] Serialize<T>(T message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, typeof(T), ConsoleJson.Default);

    private static string ReadAsset(string name)
    {
        using Stream stream = typeof(ConsoleServer).Assembly.GetManifestResourceStream("wwwroot/" + name)
                              ?? throw new InvalidOperationException($"console asset {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Stops the threads and Kestrel; open pages are disconnected.</summary>
    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        _video.Dispose();
        _stateThread?.Join();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
