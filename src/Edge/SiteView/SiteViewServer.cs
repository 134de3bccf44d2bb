using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Edge.Site;
using RobotEdge.Teleop.Access;
using RobotEdge.Teleop.Server;

namespace RobotEdge.Edge.SiteView;

/// <summary>
/// The site view of the operator console, served by the edge server: the page at <c>/</c> (its
/// script, and the console's own style sheet from <c>src/Teleop</c>, carry no site data) and one
/// WebSocket at <c>/site/ws</c> that gives nothing until the page signs in with an operator's
/// name and token — the same operators file and sign-in message as the robot's console. Signed-in
/// pages get every robot's row (<see cref="SiteRobotRow"/>) four times a second. Runs on Kestrel's
/// threads and one broadcast task; never on a robot's connection.
/// </summary>
public sealed partial class SiteViewServer : IAsyncDisposable
{
    /// <summary>How often signed-in pages get the site's rows, ms.</summary>
    public const int BroadcastIntervalMs = 250;

    /// <summary>
    /// The page's JSON. Reports are checked before they are kept (<see cref="SiteHealthBoard.Check"/>);
    /// should a non-finite number still reach a row, it is written as a string rather than make
    /// the serializer throw and the page go blank for every robot.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly OperatorDirectory _operators;
    private readonly Func<SiteSnapshot> _site;
    private readonly SiteHealthBoard _health;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, WebSocket> _pages = new();
    private readonly CancellationTokenSource _shutdown = new();
    private long _nextPage;
    private Task? _broadcast;

    /// <summary>Creates the view over the site board (<paramref name="site"/>) and the robots' health reports.</summary>
    public SiteViewServer(OperatorDirectory operators, Func<SiteSnapshot> site, SiteHealthBoard health, ILogger logger)
    {
        _operators = operators;
        _site = site;
        _health = health;
        _logger = logger;
    }

    /// <summary>Signed-in pages now.</summary>
    public int SignedInPages => _pages.Count;

    /// <summary>The current rows (what the pages get). Any thread.</summary>
    public SiteRobotRow[] Rows() => _health.Rows(_site(), MonotonicClock.GetTimestampNs());

    /// <summary>Whether an HTTP request carries an operator's credentials as Basic authentication (<c>curl -u name:token</c>).</summary>
    public bool IsOperator(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && _operators.Verify(decoded[..colon], decoded[(colon + 1)..]);
    }

    /// <summary>Maps the page, its script and style, and the WebSocket onto <paramref name="app"/>, and starts broadcasting.</summary>
    public void Map(WebApplication app)
    {
        string page = ReadAsset(typeof(SiteViewServer), "wwwroot/site.html");
        string script = ReadAsset(typeof(SiteViewServer), "wwwroot/site.js");
        string style = ReadAsset(typeof(ConsoleServer), "wwwroot/console.css");
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/site.js", () => Results.Content(script, "text/javascript; charset=utf-8"));
        app.MapGet("/console.css", () => Results.Content(style, "text/css; charset=utf-8"));
        app.Map("/site/ws", HandleSocketAsync);
        _broadcast = Task.Run(BroadcastLoopAsync);
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, context.RequestAborted);
        long id = Interlocked.Increment(ref _nextPage);
        try
        {
            string? operatorName = await SignInAsync(socket, done.Token).ConfigureAwait(false);
            if (operatorName is null)
            {
                LogRefused(_logger, context.Connection.RemoteIpAddress?.ToString() ?? "?");
                // A refusal in the words of what happened (the same words whether or not the name exists).
                await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "unknown operator or token").ConfigureAwait(false);
                return;
            }

            await SendAsync(socket, JsonSerializer.Serialize(new { type = "welcome", @operator = operatorName, robots = Rows() }, Json), done.Token).ConfigureAwait(false);
            _pages[id] = socket;
            LogSignedIn(_logger, operatorName);

            // Nothing more is expected from the page; read until it goes away.
            byte[] buffer = new byte[1024];
            while (socket.State == WebSocketState.Open)
            {
                WebSocketReceiveResult r = await socket.ReceiveAsync(buffer, done.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The page went away.
        }
        finally
        {
            _pages.TryRemove(id, out _);
        }
    }

    /// <summary>Reads the page's first message; returns the operator's name when it is a valid hello, else null.</summary>
    private async Task<string?> SignInAsync(WebSocket socket, CancellationToken cancellation)
    {
        byte[] buffer = new byte[4096];
        int total = 0;
        ValueWebSocketReceiveResult r;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        do
        {
            if (total == buffer.Length)
            {
                return null;
            }

            r = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token).ConfigureAwait(false);
            total += r.Count;
        }
        while (!r.EndOfMessage);

        if (r.MessageType != WebSocketMessageType.Text)
        {
            return null;
        }

        try
        {
            ClientMessage? hello = JsonSerializer.Deserialize<ClientMessage>(buffer.AsSpan(0, total));
            return hello is { Type: "hello" } && _operators.Verify(hello.Name, hello.Token) ? hello.Name : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends the rows to every signed-in page every <see cref="BroadcastIntervalMs"/> until
    /// disposed. Nothing one broadcast meets ends the loop: a failure is logged (at most once per
    /// <see cref="FailureLogIntervalBroadcasts"/> broadcasts) and the next broadcast tries again.
    /// </summary>
    private async Task BroadcastLoopAsync()
    {
        long failures = 0;
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(BroadcastIntervalMs, _shutdown.Token).ConfigureAwait(false);
                await BroadcastAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The site view serves every operator: a broadcast that fails for any reason is
                // skipped, never the end of the view (a NaN in one robot's report once ended it for good).
                if (failures++ % FailureLogIntervalBroadcasts == 0)
                {
                    LogBroadcastFailed(_logger, e.GetType().Name, e.Message, failures);
                }
            }
        }
    }

    /// <summary>Failed broadcasts between two log lines about them (a minute at four a second).</summary>
    private const int FailureLogIntervalBroadcasts = 240;

    private async Task BroadcastAsync()
    {
        if (_pages.IsEmpty)
        {
            return;
        }

        string message = JsonSerializer.Serialize(new { type = "site", robots = Rows() }, Json);
        foreach ((long id, WebSocket socket) in _pages)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await SendAsync(socket, message, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A page that cannot take the update in a second is dropped; it may sign in again.
                _pages.TryRemove(id, out _);
                socket.Abort();
            }
        }
    }

    private static Task SendAsync(WebSocket socket, string json, CancellationToken cancellation) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellation);

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private static string ReadAsset(Type owner, string name)
    {
        using Stream stream = owner.Assembly.GetManifestResourceStream(name)
                              ?? throw new InvalidOperationException($"asset {name} is missing from {owner.Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Stops broadcasting and closes the signed-in pages.</summary>
    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        if (_broadcast is not null)
        {
            await _broadcast.ConfigureAwait(false);
        }

        foreach (WebSocket socket in _pages.Values)
        {
            socket.Abort();
        }

        _shutdown.Dispose();
    }

    [LoggerMessage(EventId = 440, Level = LogLevel.Information, Message = "Site view: operator {Operator} signed in")]
    private static partial void LogSignedIn(ILogger logger, string @operator);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "Site view: sign-in from {Remote} refused")]
    private static partial void LogRefused(ILogger logger, string remote);

    [LoggerMessage(EventId = 442, Level = LogLevel.Error, Message = "Site view: a broadcast failed ({Type}: {Reason}); the view carries on ({Count} failed so far)")]
    private static partial void LogBroadcastFailed(ILogger logger, string type, string reason, long count);
}
