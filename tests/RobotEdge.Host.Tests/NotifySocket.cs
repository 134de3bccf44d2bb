using System.Net.Sockets;
using System.Text;

namespace RobotEdge.Host.Tests;

/// <summary>
/// A Unix datagram socket standing in for systemd's notification socket: a service started with
/// <c>NOTIFY_SOCKET</c> naming <see cref="Path"/> sends its <c>READY=1</c>, <c>WATCHDOG=1</c>,
/// <c>STOPPING=1</c> here. Each message is recorded with what <see cref="Sample"/> returned when it
/// arrived (e.g. how many goals the virtual servos had applied by then).
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Thread _receiver;
    private readonly Func<long> _sample;
    private readonly List<(string Message, long Sample)> _messages = [];

    public NotifySocket(Func<long>? sample = null)
    {
        _sample = sample ?? (() => 0);
        // sun_path holds 108 bytes: a short name in /tmp, not the test's (long) temporary folder.
        Path = System.IO.Path.Combine("/tmp", $"robotedge-notify-{Guid.NewGuid():n}.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiver = new Thread(Receive) { IsBackground = true, Name = "notify-socket" };
        _receiver.Start();
    }

    /// <summary>The socket's path, for <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>The messages received so far (one per line of each datagram), with the sample taken on arrival.</summary>
    public (string Message, long Sample)[] Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>How many times <paramref name="message"/> arrived.</summary>
    public int Count(string message) => Messages.Count(m => m.Message == message);

    /// <summary>Waits until <paramref name="message"/> has arrived <paramref name="times"/> times or <paramref name="timeout"/> passes, or <paramref name="gaveUp"/> says stop; returns whether it did.</summary>
    public bool WaitFor(string message, TimeSpan timeout, int times = 1, Func<bool>? gaveUp = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && gaveUp?.Invoke() != true)
        {
            if (Count(message) >= times)
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return Count(message) >= times;
    }

    private void Receive()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = _socket.Receive(buffer);
                long sample = _sample();
                lock (_messages)
                {
                    foreach (string line in Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        _messages.Add((line, sample));
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
