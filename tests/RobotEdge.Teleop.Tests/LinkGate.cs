using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace RobotEdge.Teleop.Tests;

/// <summary>
/// A switch in the path of a page's console WebSocket, built on Playwright's WebSocket routing: the
/// browser's real socket ends in the test, which forwards every frame to a real connection to
/// Kestrel — or not. <see cref="GateMode.Pass"/> forwards; <see cref="GateMode.Stall"/> drops every
/// frame both ways (a network that went silent without closing anything) and leaves new sockets
/// open but unanswered; <see cref="GateMode.Refuse"/> closes new sockets at once (the robot is
/// unreachable). <see cref="DropAsync"/> closes the live connection (a dropped socket).
/// </summary>
public sealed class LinkGate
{
    private readonly ConcurrentQueue<string> _droppedFromPage = new();
    private volatile GateMode _mode = GateMode.Pass;
    private int _connections;
    private IWebSocketRoute? _page, _server;

    /// <summary>What the gate does now.</summary>
    public GateMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>Sockets the page opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Text frames from the page that the gate dropped.</summary>
    public IReadOnlyCollection<string> DroppedFromPage => _droppedFromPage;

    /// <summary>Routes the page's console sockets through the gate (before the page navigates).</summary>
    public Task AttachAsync(IPage page) => page.RouteWebSocketAsync("**/ws", Route);

    /// <summary>Closes the live connection on both sides, as a broken network would.</summary>
    public async Task DropAsync()
    {
        IWebSocketRoute? page = _page, server = _server;
        if (server is not null)
        {
            await server.CloseAsync();
        }

        if (page is not null)
        {
            await page.CloseAsync();
        }
    }

    private void Route(IWebSocketRoute page)
    {
        Interlocked.Increment(ref _connections);
        switch (_mode)
        {
            case GateMode.Refuse:
                _ = page.CloseAsync();
                return;

            case GateMode.Stall:
                // Not connected: Playwright opens the page's socket and nothing ever answers.
                page.OnMessage(frame => Drop(frame));
                return;
        }

        IWebSocketRoute server = page.ConnectToServer();
        _page = page;
        _server = server;
        page.OnMessage(frame =>
        {
            if (_mode == GateMode.Pass)
            {
                Forward(frame, server);
            }
            else
            {
                Drop(frame);
            }
        });
        server.OnMessage(frame =>
        {
            if (_mode == GateMode.Pass)
            {
                Forward(frame, page);
            }
        });
    }

    private void Drop(IWebSocketFrame frame)
    {
        if (frame.Text is { } text)
        {
            _droppedFromPage.Enqueue(text);
        }
    }

    private static void Forward(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Text is { } text)
        {
            to.Send(text);
        }
        else
        {
            to.Send(frame.Binary);
        }
    }
}

/// <summary>What a <see cref="LinkGate"/> does with the page's socket.</summary>
public enum GateMode
{
    /// <summary>Forward both ways.</summary>
    Pass,

    /// <summary>Drop every frame both ways; new sockets open and stay silent.</summary>
    Stall,

    /// <summary>Close new sockets at once.</summary>
    Refuse,
}
