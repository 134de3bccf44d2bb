using System.Diagnostics;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// A CAN bus behind a USB-CAN adapter speaking Lawicel SLCAN over a serial line (CANable, CANUSB,
/// and the simulator's virtual adapter on a pseudo-terminal). Frames are encoded with
/// <see cref="SlcanCodec"/>; transmit acknowledgements are counted as they arrive, not waited for,
/// so sending several frames per cycle costs one serial write each.
/// </summary>
/// <remarks>
/// <para>Acknowledgements: after a transmit, Lawicel adapters answer <c>z</c>CR / <c>Z</c>CR,
/// CANable firmware a bare CR; both count in <see cref="AcknowledgedCount"/>. BELL (0x07) means the
/// adapter refused a line (bus off, channel closed, transmit buffer full) and counts in
/// <see cref="RejectedCount"/>. <see cref="PendingAcknowledgements"/> is the difference between
/// frames sent and replies seen: if it keeps growing, the adapter is not answering.</para>
/// <para>Ownership: the stream is disposed with this transport unless <c>leaveOpen</c> was set.
/// Threading: all methods on one I/O thread (the parser state is not shared-safe); the counters
/// may be read from another thread for monitoring (64-bit reads, possibly a cycle stale).
/// <see cref="TrySend"/> and <see cref="TryReceive(out CanFrame, int)"/> do not allocate.</para>
/// </remarks>
public sealed class SlcanTransport : ICanTransport
{
    /// <summary>Longest line kept; anything longer (noise, wrong baud rate) is discarded as malformed.</summary>
    private const int MaxLineLength = 64;

    /// <summary>How long the line must stay quiet after the initial CRs before configuration starts.</summary>
    private const int DrainQuietMs = 20;

    private readonly IByteStream _stream;
    private readonly bool _leaveOpen;

    /// <summary>Bytes read from the stream; [_rxStart, _rxEnd) are not parsed yet.</summary>
    private readonly byte[] _rx = new byte[256];

    /// <summary>The line being assembled (CR not included); valid bytes are [0, _lineLength).</summary>
    private readonly byte[] _line = new byte[MaxLineLength];

    private int _rxStart;
    private int _rxEnd;
    private int _lineLength;

    /// <summary>The current line overflowed <see cref="MaxLineLength"/>; it is dropped at its CR.</summary>
    private bool _lineOverflowed;

    /// <summary>A previous write went out partially; the next send starts with a CR to resynchronise the adapter.</summary>
    private bool _needsResync;

    private long _pending;
    private int _disposed;

    /// <summary>The adapter was told <c>Z1</c>: received frame lines end in a timestamp, and only such lines are frames.</summary>
    private readonly bool _timestamps;

    private SlcanTransport(IByteStream stream, bool leaveOpen, SlcanOptions options)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _timestamps = options.Timestamps;
        Bitrate = options.Bitrate;
        ListenOnly = options.ListenOnly;
    }

    /// <summary>The CAN bitrate the channel was opened with.</summary>
    public SlcanBitrate Bitrate { get; }

    /// <summary>True when the channel was opened listen-only.</summary>
    public bool ListenOnly { get; }

    /// <summary>Frames handed to the adapter completely.</summary>
    public long SentCount { get; private set; }

    /// <summary>Frames received and decoded.</summary>
    public long ReceivedCount { get; private set; }

    /// <summary>Transmit acknowledgements seen (<c>z</c>, <c>Z</c> or bare CR).</summary>
    public long AcknowledgedCount { get; private set; }

    /// <summary>BELL replies seen: lines the adapter refused.</summary>
    public long RejectedCount { get; private set; }

    /// <summary>Received lines that were neither a frame nor an acknowledgement, or did not parse.</summary>
    public long MalformedLineCount { get; private set; }

    /// <summary>Sent frames not yet answered by an acknowledgement or a BELL.</summary>
    public long PendingAcknowledgements => Volatile.Read(ref _pending);

    /// <summary>
    /// Configures the adapter on <paramref name="stream"/> and opens its CAN channel: CRs to clear
    /// any half-received command, <c>C</c> (close, reply ignored), <c>Z1</c> if timestamps were
    /// asked for or else <c>Z0</c> (a refusal ignored: an adapter without the command sends no
    /// timestamps), <c>Sn</c>, then <c>O</c> (or <c>L</c>). Blocking, up to
    /// <see cref="SlcanOptions.CommandTimeoutMs"/> per command; not for the control loop.
    /// </summary>
    /// <param name="stream">The adapter's serial port (any baud rate for USB-CDC adapters).</param>
    /// <param name="options">Bitrate and modes; null for the defaults (1 Mbit/s).</param>
    /// <param name="leaveOpen">False: this transport disposes <paramref name="stream"/>. True: the caller keeps ownership.</param>
    /// <exception cref="CanTransportException">The adapter did not answer, or refused a command.</exception>
    public static SlcanTransport Open(IByteStream stream, SlcanOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new SlcanOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CommandTimeoutMs);
        SlcanTransport transport = new(stream, leaveOpen, options);
        try
        {
            transport.Configure(options);
            return transport;
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    /// <summary>The transport as logs name it: <c>slcan:</c> and the adapter's port.</summary>
    public override string ToString() => $"slcan:{_stream}";

    /// <summary>
    /// Writes <paramref name="frame"/> as one SLCAN line. Does not wait for the acknowledgement.
    /// Blocking only as long as the stream's write timeout when the line is stalled; no allocation.
    /// </summary>
    /// <returns>False when the line did not go out completely (stalled serial line).</returns>
    /// <exception cref="ArgumentException">An error frame (cannot be sent).</exception>
    /// <exception cref="IOException">The serial device failed or went away.</exception>
    public bool TrySend(in CanFrame frame)
    {
        Span<byte> line = stackalloc byte[SlcanCodec.MaxFrameLineLength + 1];
        int offset = 0;
        if (_needsResync)
        {
            // A CR ends the partial line the adapter holds; it answers that line with BELL.
            line[0] = SlcanCodec.CarriageReturn;
            offset = 1;
        }

        int length = offset + SlcanCodec.EncodeFrame(frame, line[offset..]);
        int written = _stream.Write(line[..length]);
        if (written < length)
        {
            _needsResync = written > 0 || _needsResync;
            return false;
        }

        if (offset == 1)
        {
            _needsResync = false;
            Interlocked.Increment(ref _pending);
        }

        Interlocked.Increment(ref _pending);
        SentCount++;
        return true;
    }

    /// <inheritdoc />
    public bool TryReceive(out CanFrame frame, int timeoutMs) => TryReceive(out frame, out _, timeoutMs);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: only what is already buffered or
    /// readable now) for the next received frame, counting acknowledgements and BELLs on the way.
    /// Blocking (bounded); no allocation; I/O thread only.
    /// </summary>
    /// <param name="frame">The frame, or default on timeout.</param>
    /// <param name="timestampMs">The adapter's timestamp (ms, wraps at 60,000) when timestamps were asked for (<see cref="SlcanOptions.Timestamps"/>), else null.</param>
    /// <param name="timeoutMs">Longest wait, milliseconds.</param>
    /// <returns>True with a frame; false when none arrived in time.</returns>
    /// <exception cref="IOException">The serial device failed or went away.</exception>
    public bool TryReceive(out CanFrame frame, out ushort? timestampMs, int timeoutMs)
    {
        long deadline = Stopwatch.GetTimestamp() + (Math.Max(0, timeoutMs) * Stopwatch.Frequency / 1000);
        int waitMs = Math.Max(0, timeoutMs);
        while (true)
        {
            if (TryTakeFrame(out frame, out timestampMs))
            {
                return true;
            }

            // Everything buffered is parsed; empty the buffer before reading so that a read that
            // throws cannot leave old bytes to be parsed twice.
            _rxStart = 0;
            _rxEnd = 0;
            int count = _stream.Read(_rx, waitMs);
            if (count == 0)
            {
                return false;
            }

            _rxEnd = count;

            long ticksLeft = deadline - Stopwatch.GetTimestamp();
            waitMs = ticksLeft <= 0 ? 0 : (int)Math.Ceiling(ticksLeft * 1000.0 / Stopwatch.Frequency);
        }
    }

    /// <summary>Closes the CAN channel (<c>C</c>, best effort) and disposes the stream unless left open. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _stream.Write("C\r"u8);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The adapter is gone already; there is no channel left to close.
        }

        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Parses buffered bytes up to the next complete frame line. Acknowledgements, BELLs and other
    /// lines are accounted for and skipped.
    /// </summary>
    private bool TryTakeFrame(out CanFrame frame, out ushort? timestampMs)
    {
        while (_rxStart < _rxEnd)
        {
            byte value = _rx[_rxStart++];
            if (value == SlcanCodec.CarriageReturn)
            {
                ReadOnlySpan<byte> line = _line.AsSpan(0, _lineLength);
                bool overflowed = _lineOverflowed;
                _lineLength = 0;
                _lineOverflowed = false;
                if (overflowed)
                {
                    MalformedLineCount++;
                }
                else if (line.IsEmpty || (line.Length == 1 && (line[0] == (byte)'z' || line[0] == (byte)'Z')))
                {
                    AcknowledgedCount++;
                    DecrementPending();
                }
                else if (TryDecodeLine(line, out frame, out timestampMs))
                {
                    ReceivedCount++;
                    return true;
                }
                else
                {
                    MalformedLineCount++;
                }
            }
            else if (value == SlcanCodec.Bell)
            {
                RejectedCount++;
                DecrementPending();
            }
            else if (value != (byte)'\n')
            {
                // LF is skipped: some adapters end lines with CR LF.
                if (_lineLength < MaxLineLength)
                {
                    _line[_lineLength++] = value;
                }
                else
                {
                    _lineOverflowed = true;
                }
            }
        }

        frame = default;
        timestampMs = null;
        return false;
    }

    /// <summary>Decodes a frame line in the one form the adapter was told to send: with a timestamp after <c>Z1</c>, without one otherwise.</summary>
    private bool TryDecodeLine(ReadOnlySpan<byte> line, out CanFrame frame, out ushort? timestampMs)
    {
        if (!_timestamps)
        {
            timestampMs = null;
            return SlcanCodec.TryDecodeFrame(line, out frame);
        }

        bool ok = SlcanCodec.TryDecodeFrame(line, out frame, out ushort stamp);
        timestampMs = ok ? stamp : null;
        return ok;
    }

    private void DecrementPending()
    {
        if (Volatile.Read(ref _pending) > 0)
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private void Configure(SlcanOptions options)
    {
        // Three CRs end whatever partial command the adapter may hold from an earlier session;
        // their replies (CR or BELL each) are drained before the real commands.
        _stream.Write("\r\r\r"u8);
        Drain(options.CommandTimeoutMs, expectedReplies: 3);

        Command("C\r"u8, options.CommandTimeoutMs, required: false);
        // Lawicel adapters keep the Z setting in EEPROM: say it either way, so that frame lines come
        // in the one form the parser then expects.
        if (options.Timestamps)
        {
            Command("Z1\r"u8, options.CommandTimeoutMs, required: true);
        }
        else
        {
            Command("Z0\r"u8, options.CommandTimeoutMs, required: false);
        }

        Span<byte> bitrate = stackalloc byte[SlcanCodec.BitrateCommandLength];
        SlcanCodec.EncodeBitrateCommand(options.Bitrate, bitrate);
        Command(bitrate, options.CommandTimeoutMs, required: true);
        Command(options.ListenOnly ? "L\r"u8 : "O\r"u8, options.CommandTimeoutMs, required: true);
    }

    /// <summary>
    /// Reads and discards input: first until <paramref name="expectedReplies"/> replies (CR or BELL,
    /// one per CR sent) have arrived, then until the line has been quiet for <see cref="DrainQuietMs"/>;
    /// at most <paramref name="timeoutMs"/> in all. Waiting for the replies, not only for quiet, keeps
    /// a reply that a loaded machine delivers late from being taken for the next command's.
    /// </summary>
    private void Drain(int timeoutMs, int expectedReplies)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        int replies = 0;
        while (true)
        {
            long leftMs = deadline - Environment.TickCount64;
            if (leftMs <= 0)
            {
                break;
            }

            bool answered = replies >= expectedReplies;
            int count = _stream.Read(_rx, answered ? (int)Math.Min(DrainQuietMs, leftMs) : (int)leftMs);
            if (count == 0 && answered)
            {
                break;
            }

            for (int i = 0; i < count; i++)
            {
                if (_rx[i] is SlcanCodec.CarriageReturn or SlcanCodec.Bell)
                {
                    replies++;
                }
            }
        }

        _rxStart = 0;
        _rxEnd = 0;
    }

    /// <summary>
    /// Sends one set-up command and waits for its reply: CR = accepted, BELL = refused. Other lines
    /// (stray output) are skipped.
    /// </summary>
    private void Command(ReadOnlySpan<byte> command, int timeoutMs, bool required)
    {
        string text = System.Text.Encoding.ASCII.GetString(command[..^1]);
        if (_stream.Write(command) != command.Length)
        {
            throw new CanTransportException($"SLCAN adapter on {_stream}: could not send '{text}' (serial line stalled).");
        }

        long deadline = Environment.TickCount64 + timeoutMs;
        int lineLength = 0;
        while (true)
        {
            if (_rxStart == _rxEnd)
            {
                int remaining = (int)Math.Max(0, deadline - Environment.TickCount64);
                _rxStart = 0;
                _rxEnd = 0;
                int count = _stream.Read(_rx, remaining);
                _rxEnd = count;
                if (count == 0)
                {
                    throw new CanTransportException(
                        $"SLCAN adapter on {_stream}: no reply to '{text}' within {timeoutMs} ms — is this an SLCAN adapter, " +
                        "and for a USB-serial bridge, is the serial baud rate the adapter's?");
                }
            }

            // Consume only up to the reply: what follows (frames right after 'O') stays buffered
            // for TryReceive.
            byte value = _rx[_rxStart++];
            if (value == SlcanCodec.Bell)
            {
                if (required)
                {
                    throw new CanTransportException($"SLCAN adapter on {_stream} refused '{text}' (BELL).");
                }

                return;
            }

            if (value == SlcanCodec.CarriageReturn)
            {
                if (lineLength == 0)
                {
                    return;
                }

                lineLength = 0;
            }
            else if (value != (byte)'\n')
            {
                lineLength++;
            }
        }
    }
}
