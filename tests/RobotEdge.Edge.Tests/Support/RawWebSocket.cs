using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>
/// A WebSocket client written from RFC 6455 on a bare TCP socket, to do what no WebSocket library
/// will: declare a frame of 1 GiB or 2^62 bytes, trickle a frame a byte at a time, never read, and
/// see the upgrade's HTTP answer as bytes. Frames are masked with the all-zero key (legal: RFC 6455
/// 5.3 asks only that browsers pick unpredictable keys), so payload bytes go out as they are.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    public const byte Binary = 0x2;
    public const byte Close = 0x8;

    private readonly TcpClient _tcp;

    private RawWebSocket(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    /// <summary>The upgrade's status code and header block, and the socket when it was upgraded (101).</summary>
    public sealed record Upgrade(int Status, string Headers, RawWebSocket? Socket);

    /// <summary>Opens a TCP connection and sends the upgrade request; <paramref name="receiveBufferBytes"/> (when positive) shrinks the socket's receive buffer before it connects.</summary>
    public static async Task<Upgrade> ConnectAsync(Uri endpoint, string? authorization, int receiveBufferBytes = 0)
    {
        var tcp = new TcpClient();
        if (receiveBufferBytes > 0)
        {
            tcp.ReceiveBufferSize = receiveBufferBytes;
        }

        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        NetworkStream stream = tcp.GetStream();
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = new StringBuilder()
            .Append($"GET {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n")
            .Append($"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n");
        if (authorization is not null)
        {
            request.Append($"Authorization: {authorization}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));

        // The answer's head, a byte at a time so that nothing after it is consumed.
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        string headers = Encoding.ASCII.GetString(head.ToArray());
        int status = int.Parse(headers.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        if (status != 101)
        {
            tcp.Dispose();
            return new Upgrade(status, headers, null);
        }

        return new Upgrade(status, headers, new RawWebSocket(tcp));
    }

    /// <summary>A frame's header (FIN set, masked with the zero key) declaring <paramref name="length"/> payload bytes.</summary>
    public static byte[] FrameHeader(byte opcode, ulong length)
    {
        byte[] header = length < 126 ? new byte[2 + 4] : length <= ushort.MaxValue ? new byte[4 + 4] : new byte[10 + 4];
        header[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            header[1] = (byte)(0x80 | (byte)length);
        }
        else if (length <= ushort.MaxValue)
        {
            header[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
        }
        else
        {
            header[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), length);
        }

        return header; // the trailing 4 bytes are the zero masking key
    }

    /// <summary>A whole frame carrying <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte opcode, ReadOnlySpan<byte> payload)
    {
        byte[] header = FrameHeader(opcode, (ulong)payload.Length);
        var frame = new byte[header.Length + payload.Length];
        header.CopyTo(frame, 0);
        payload.CopyTo(frame.AsSpan(header.Length));
        return frame;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellation = default) => Stream.WriteAsync(bytes, cancellation);

    /// <summary>Reads one (unmasked, server) frame; null when the connection ended first.</summary>
    public async Task<(byte Opcode, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellation)
    {
        var head = new byte[2];
        if (!await ReadExactlyAsync(head, cancellation))
        {
            return null;
        }

        ulong length = (ulong)(head[1] & 0x7F);
        if (length == 126)
        {
            var ext = new byte[2];
            if (!await ReadExactlyAsync(ext, cancellation))
            {
                return null;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = new byte[8];
            if (!await ReadExactlyAsync(ext, cancellation))
            {
                return null;
            }

            length = BinaryPrimitives.ReadUInt64BigEndian(ext);
        }

        var payload = new byte[checked((int)length)];
        return await ReadExactlyAsync(payload, cancellation) ? ((byte)(head[0] & 0x0F), payload) : null;
    }

    /// <summary>Reads frames until a close frame; its status code, or null when the connection ended without one.</summary>
    public async Task<int?> ReadUntilCloseAsync(CancellationToken cancellation)
    {
        while (await ReadFrameAsync(cancellation) is { } frame)
        {
            if (frame.Opcode == Close)
            {
                return frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : 1005;
            }
        }

        return null;
    }

    /// <summary>Whether the server has ended the TCP connection (a read returns 0 or fails) within <paramref name="timeout"/>, discarding what it reads.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var sink = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(sink, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellation)
    {
        try
        {
            await Stream.ReadExactlyAsync(buffer, cancellation);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _tcp.Dispose();
}
