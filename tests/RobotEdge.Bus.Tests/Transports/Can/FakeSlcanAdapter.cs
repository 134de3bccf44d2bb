using System.Collections.Concurrent;
using System.Text;
using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>
/// A minimal SLCAN adapter on the master side of a pseudo-terminal, for tests: answers set-up
/// commands like a Lawicel adapter (CR, or BELL when the command does not apply), acknowledges
/// transmitted frames in the chosen style, and answers each frame with a reply frame from
/// <see cref="Responder"/> (default: same data, identifier + 1), as a motor on the bus would.
/// </summary>
internal sealed class FakeSlcanAdapter : IDisposable
{
    private readonly PseudoTerminal _pty;
    private readonly FakeAckStyle _ackStyle;
    private readonly Thread _thread;
    private readonly Lock _writeLock = new();
    private volatile bool _stop;
    private bool _open;
    private bool _timestamps;
    private ushort _clockMs;

    public FakeSlcanAdapter(PseudoTerminal pty, FakeAckStyle ackStyle)
    {
        _pty = pty;
        _ackStyle = ackStyle;
        _thread = new Thread(Run) { IsBackground = true, Name = "fake-slcan" };
        _thread.Start();
    }

    /// <summary>Every line received, CR removed, in order (the three reset CRs appear as empty lines).</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Frames received for transmission.</summary>
    public ConcurrentQueue<CanFrame> Transmitted { get; } = new();

    /// <summary>Identifiers the adapter refuses with BELL (as if its transmit buffer were full).</summary>
    public HashSet<uint> RejectedIds { get; } = [];

    /// <summary>Bitrate codes the adapter refuses with BELL.</summary>
    public HashSet<char> RejectedBitrates { get; } = [];

    /// <summary>Maps a transmitted frame to the frame the "bus" answers with; null for no answer.</summary>
    public Func<CanFrame, CanFrame?> Responder { get; set; } =
        frame => frame.IsRemote ? null : new CanFrame(Math.Min(frame.Id + 1, frame.IsExtended ? CanFrame.MaxExtendedId : CanFrame.MaxStandardId), frame.Data, frame.IsExtended);

    /// <summary>Starting value of the adapter's millisecond timestamp counter.</summary>
    public ushort ClockMs
    {
        set => _clockMs = value;
    }

    /// <summary>Sends a received-frame line as the adapter would, with a timestamp when enabled.</summary>
    public void Inject(in CanFrame frame)
    {
        Span<byte> line = stackalloc byte[SlcanCodec.MaxFrameLineLength];
        int length = _timestamps ? SlcanCodec.EncodeFrame(frame, _clockMs, line) : SlcanCodec.EncodeFrame(frame, line);
        if (_timestamps)
        {
            _clockMs = (ushort)((_clockMs + 7) % SlcanCodec.TimestampWrapMs);
        }

        Send(line[..length]);
    }

    /// <summary>Sends raw bytes (for malformed-input tests).</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        lock (_writeLock)
        {
            Assert.Equal(bytes.Length, _pty.Write(bytes));
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        byte[] buffer = new byte[512];
        StringBuilder line = new();
        while (!_stop)
        {
            int count;
            try
            {
                count = _pty.Read(buffer, 10);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            for (int i = 0; i < count; i++)
            {
                if (buffer[i] == '\r')
                {
                    Handle(line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append((char)buffer[i]);
                }
            }
        }
    }

    private void Handle(string line)
    {
        Lines.Enqueue(line);
        if (line.Length == 0)
        {
            Send([SlcanCodec.Bell]);
            return;
        }

        switch (line[0])
        {
            case 'C':
                Reply(_open);
                _open = false;
                return;
            case 'S':
                Reply(!_open && line.Length == 2 && line[1] is >= '0' and <= '8' && !RejectedBitrates.Contains(line[1]));
                return;
            case 'O':
            case 'L':
                Reply(!_open);
                _open = true;
                return;
            case 'Z':
                _timestamps = line == "Z1";
                Reply(!_open);
                return;
            case 't':
            case 'T':
            case 'r':
            case 'R':
                HandleFrame(line);
                return;
            default:
                Send([SlcanCodec.Bell]);
                return;
        }
    }

    private void HandleFrame(string line)
    {
        byte[] ascii = Encoding.ASCII.GetBytes(line);
        if (!_open || !SlcanCodec.TryDecodeFrame(ascii, out CanFrame frame) || RejectedIds.Contains(frame.Id))
        {
            Send([SlcanCodec.Bell]);
            return;
        }

        Transmitted.Enqueue(frame);
        if (_ackStyle == FakeAckStyle.Lawicel)
        {
            Send([(byte)(frame.IsExtended ? 'Z' : 'z'), SlcanCodec.CarriageReturn]);
        }
        else
        {
            Send([SlcanCodec.CarriageReturn]);
        }

        if (Responder(frame) is { } reply)
        {
            Inject(reply);
        }
    }

    private void Reply(bool ok) => Send([ok ? SlcanCodec.CarriageReturn : SlcanCodec.Bell]);
}
