using System.Buffers.Binary;
using System.Diagnostics;
using RobotEdge.Bus.Transports;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Dynamixel.Registers;
using RobotEdge.Control.Drivers.Feetech;
using RobotEdge.Control.Drivers.Feetech.Registers;

namespace RobotEdge.Control.Scanning;

/// <summary>
/// Finds the servos on a serial bus, as integrators do with DYNAMIXEL Wizard or FEETECH's debug tool:
/// pings every id in a range, one at a time, and for each that answers reads Model Number and
/// firmware version from its control table. Not for the control loop: it blocks on the port for up
/// to <c>timeoutMs</c> on the first try and twice as long on each further one (a missing id costs
/// every try: 10 + 20 + 40 = 70 ms with the defaults).
/// </summary>
/// <remarks>
/// Reliability on a loaded machine: an answer that comes a few milliseconds late (the scanning thread
/// or the adapter's driver not scheduled in time) must not read as a missing servo. So the scan first
/// warms the port up (a few pings whose answers are discarded, then a flush: the first exchanges on a
/// freshly opened port and freshly loaded code are the slowest), and asks each id up to <c>tries</c>
/// times, doubling the wait each time, before calling it absent; a late answer to an earlier try is
/// still that id's answer. An answer that comes later still, while another id is being asked, is
/// proof the servo is there: every status seen from an id not yet found is remembered, and after the
/// sweep (and a last wait for stragglers) such ids are asked again with a long wait. The cost is a slower sweep over absent ids (a full Dynamixel sweep of 253
/// ids takes about 18 s with the defaults); <c>--ids</c> narrows it, <c>--tries 1</c> restores the
/// single 10 ms try.
/// </remarks>
public sealed class ServoScanner
{
    private readonly IByteStream _port;
    private readonly ServoProtocol _protocol;
    private readonly int _baudRate;
    private readonly int _timeoutMs;
    private readonly int _tries;
    private readonly byte[] _packet = new byte[64];
    private readonly byte[] _data = new byte[8];
    private readonly DynamixelStatusReader _dynamixel = new();
    private readonly FeetechStatusReader _feetech = new();

    /// <summary>Creates a scanner on an open port. The port stays owned by the caller.</summary>
    /// <param name="port">The serial port (or pseudo-terminal), already at <paramref name="baudRate"/>.</param>
    /// <param name="protocol">The protocol to ping in.</param>
    /// <param name="baudRate">The port's line rate, bits per second; reported with each servo found.</param>
    /// <param name="timeoutMs">Longest wait for the first try's answer, milliseconds, 1–1000; each further try waits twice as long as the one before.</param>
    /// <param name="tries">How many times an id is asked before it counts as absent, 1–10. Default <see cref="DefaultTries"/>.</param>
    public ServoScanner(IByteStream port, ServoProtocol protocol, int baudRate, int timeoutMs = DefaultTimeoutMs, int tries = DefaultTries)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeoutMs, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(tries, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tries, 10);
        _port = port;
        _protocol = protocol;
        _baudRate = baudRate;
        _timeoutMs = timeoutMs;
        _tries = tries;
    }

    /// <summary>Default wait for each answer, milliseconds: a servo answers within its return delay (0.5 ms by default) plus the packet time.</summary>
    public const int DefaultTimeoutMs = 10;

    /// <summary>Default tries per id: three (waits of 10, 20 and 40 ms), so that an answer delayed by a loaded machine does not hide a servo.</summary>
    public const int DefaultTries = 3;

    /// <summary>Pings sent (answers discarded) before the scan proper, to warm the port and the code up.</summary>
    private const int WarmUpPings = 3;

    /// <summary>How much longer than the first try's wait the stragglers' pass waits, for answers and for each re-asked id.</summary>
    private const int StragglerWaitFactor = 20;

    /// <summary>Index: servo id. Set when a status from that id arrived while another id was being asked (a late answer).</summary>
    private readonly bool[] _seenLate = new bool[256];

    /// <summary>Highest id a servo of <paramref name="protocol"/> can have (252 Dynamixel, 253 Feetech; above are broadcast/reserved).</summary>
    public static int MaxId(ServoProtocol protocol) => protocol == ServoProtocol.DynamixelX ? 252 : 253;

    /// <summary>
    /// Pings ids <paramref name="firstId"/>…<paramref name="lastId"/> in order and returns the servos
    /// that answered, in id order. <paramref name="progress"/> is called after each id with the id
    /// just pinged and the number of servos found so far.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or beyond <see cref="MaxId"/>.</exception>
    /// <exception cref="IOException">The port failed (unplugged).</exception>
    public IReadOnlyList<ScannedServo> Scan(int firstId, int lastId, Action<int, int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastId, MaxId(_protocol));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstId, lastId);
        WarmUp((byte)firstId);
        Array.Clear(_seenLate);
        var found = new List<ScannedServo>();
        var isFound = new bool[256];
        for (int id = firstId; id <= lastId; id++)
        {
            if (TryIdentify((byte)id, out ScannedServo servo))
            {
                found.Add(servo);
                isFound[id] = true;
            }

            progress?.Invoke(id, found.Count);
        }

        // Stragglers: answers still on their way are collected, then every id that answered late but
        // was not found is asked again, with a long wait.
        CollectLateAnswers(_timeoutMs * StragglerWaitFactor);
        for (int id = firstId; id <= lastId; id++)
        {
            if (_seenLate[id] && !isFound[id] && TryIdentify((byte)id, out ScannedServo servo, _timeoutMs * StragglerWaitFactor))
            {
                found.Add(servo);
            }
        }

        found.Sort((a, b) => a.Id.CompareTo(b.Id));
        return found;
    }

    /// <summary>
    /// Pings <paramref name="id"/> (up to <c>tries</c> times) and, when it answers, reads its model and
    /// firmware (also up to <c>tries</c> times; a servo that answered the ping but not the read is listed
    /// with model 0).
    /// </summary>
    public bool TryIdentify(byte id, out ScannedServo servo) => TryIdentify(id, out servo, _timeoutMs);

    private bool TryIdentify(byte id, out ScannedServo servo, int firstWaitMs)
    {
        servo = default;
        if (!ExchangeWithRetries(id, ping: true, out _, firstWaitMs))
        {
            return false;
        }

        ushort model = 0;
        string firmware = "";
        if (ExchangeWithRetries(id, ping: false, out int length, firstWaitMs))
        {
            if (_protocol == ServoProtocol.DynamixelX && length >= 7)
            {
                model = BinaryPrimitives.ReadUInt16LittleEndian(_data);
                firmware = _data[XSeriesControlTable.FirmwareVersion.Address].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (_protocol == ServoProtocol.FeetechSts3215 && length >= 5)
            {
                FeetechRegisterCodec.Sts.TryReadUInt16(_data, Sts3215ControlTable.ModelNumber.Address, out model);
                firmware = $"{_data[Sts3215ControlTable.FirmwareMajorVersion.Address]}.{_data[Sts3215ControlTable.FirmwareMinorVersion.Address]}";
            }
        }

        servo = new ScannedServo(id, _protocol, _baudRate, model, ServoModels.GetName(_protocol, model), firmware);
        return true;
    }

    /// <summary>
    /// Warms the port up: a few pings of <paramref name="id"/> whose answers are discarded (the scan
    /// proper asks again), then the input is flushed. Costs at most <see cref="WarmUpPings"/> timeouts.
    /// </summary>
    private void WarmUp(byte id)
    {
        for (int i = 0; i < WarmUpPings; i++)
        {
            Exchange(id, ping: true, out _, drain: true, _timeoutMs);
        }

        DrainInput();
    }

    /// <summary>
    /// <see cref="Exchange"/> up to <see cref="_tries"/> times, each waiting twice as long as the one
    /// before. Only the first try drains the input: a late answer to an earlier try of the same id,
    /// arriving during a later one, is that id's answer.
    /// </summary>
    private bool ExchangeWithRetries(byte id, bool ping, out int length, int firstWaitMs)
    {
        for (int attempt = 0; attempt < _tries; attempt++)
        {
            if (Exchange(id, ping, out length, drain: attempt == 0, timeoutMs: Math.Min(firstWaitMs << attempt, 20_000)))
            {
                return true;
            }
        }

        length = 0;
        return false;
    }

    /// <summary>Sends a Ping, or a Read of the identification bytes, and waits for that id's answer; its parameters land in <see cref="_data"/>.</summary>
    private bool Exchange(byte id, bool ping, out int length, bool drain, int timeoutMs)
    {
        length = 0;
        if (drain)
        {
            DrainInput();
        }

        int readLength = _protocol == ServoProtocol.DynamixelX
            ? XSeriesControlTable.FirmwareVersion.Address + 1
            : Sts3215ControlTable.ModelNumber.Address + 2;
        int sent = _protocol == ServoProtocol.DynamixelX
            ? ping
                ? DynamixelPacketWriter.Ping(_packet, id)
                : DynamixelPacketWriter.Read(_packet, id, 0, (ushort)readLength)
            : ping
                ? FeetechPacketWriter.Ping(_packet, id)
                : FeetechPacketWriter.Read(_packet, id, 0, (byte)readLength);
        _port.Write(_packet.AsSpan(0, sent));

        // A read's answer carries the bytes asked for; a shorter status from that id is a late answer
        // to one of its pings, not this read's.
        int minParameters = ping ? 0 : readLength;
        long deadline = Stopwatch.GetTimestamp() + timeoutMs * Stopwatch.Frequency / 1000;
        while (true)
        {
            if (TryTakeAnswer(id, minParameters, out length))
            {
                return true;
            }

            // Past the deadline, one last look without waiting: a thread that was not scheduled until
            // after its deadline would otherwise call an answer already waiting in the driver missing.
            long remainingMs = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            bool last = remainingMs <= 0;
            Span<byte> span = _protocol == ServoProtocol.DynamixelX ? _dynamixel.GetWriteSpan() : _feetech.GetWriteSpan();
            int received = _port.Read(span, last ? 0 : (int)remainingMs);
            if (_protocol == ServoProtocol.DynamixelX)
            {
                _dynamixel.Advance(received);
            }
            else
            {
                _feetech.Advance(received);
            }

            if (last)
            {
                return TryTakeAnswer(id, minParameters, out length);
            }
        }
    }

    private bool TryTakeAnswer(byte id, int minParameters, out int length)
    {
        length = 0;
        if (_protocol == ServoProtocol.DynamixelX)
        {
            while (_dynamixel.TryRead(out DynamixelStatus status))
            {
                if (status.Id == id && status.Parameters.Length >= minParameters)
                {
                    length = Math.Min(status.Parameters.Length, _data.Length);
                    status.Parameters[..length].CopyTo(_data);
                    return true;
                }

                _seenLate[status.Id] |= status.Id != id;
            }

            return false;
        }

        while (_feetech.TryRead(out FeetechStatus status))
        {
            if (status.Id == id && status.Parameters.Length >= minParameters)
            {
                length = Math.Min(status.Parameters.Length, _data.Length);
                status.Parameters[..length].CopyTo(_data);
                return true;
            }

            _seenLate[status.Id] |= status.Id != id;
        }

        return false;
    }

    /// <summary>Reads what is waiting, remembering the ids of any status in it (late answers), then forgets the bytes.</summary>
    private void DrainInput() => CollectLateAnswers(0);

    /// <summary>
    /// Reads for up to <paramref name="waitMs"/> (0: only what is waiting) and marks every status's id
    /// in <see cref="_seenLate"/>; then forgets the bytes, so that the next exchange starts clean.
    /// </summary>
    private void CollectLateAnswers(int waitMs)
    {
        long deadline = Stopwatch.GetTimestamp() + waitMs * Stopwatch.Frequency / 1000;
        while (true)
        {
            long remainingMs = Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            bool dynamixel = _protocol == ServoProtocol.DynamixelX;
            Span<byte> span = dynamixel ? _dynamixel.GetWriteSpan() : _feetech.GetWriteSpan();
            int received = _port.Read(span, (int)remainingMs);
            if (dynamixel)
            {
                _dynamixel.Advance(received);
                while (_dynamixel.TryRead(out DynamixelStatus status))
                {
                    _seenLate[status.Id] = true;
                }
            }
            else
            {
                _feetech.Advance(received);
                while (_feetech.TryRead(out FeetechStatus status))
                {
                    _seenLate[status.Id] = true;
                }
            }

            if (received == 0 && remainingMs == 0)
            {
                break;
            }
        }

        _dynamixel.DiscardBuffered();
        _feetech.DiscardBuffered();
    }
}
