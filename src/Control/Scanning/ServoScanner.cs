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
/// to <c>timeoutMs</c> per id (a missing id costs the whole timeout).
/// </summary>
public sealed class ServoScanner
{
    private readonly IByteStream _port;
    private readonly ServoProtocol _protocol;
    private readonly int _baudRate;
    private readonly int _timeoutMs;
    private readonly byte[] _packet = new byte[64];
    private readonly byte[] _data = new byte[8];
    private readonly DynamixelStatusReader _dynamixel = new();
    private readonly FeetechStatusReader _feetech = new();

    /// <summary>Creates a scanner on an open port. The port stays owned by the caller.</summary>
    /// <param name="port">The serial port (or pseudo-terminal), already at <paramref name="baudRate"/>.</param>
    /// <param name="protocol">The protocol to ping in.</param>
    /// <param name="baudRate">The port's line rate, bits per second; reported with each servo found.</param>
    /// <param name="timeoutMs">Longest wait for each answer, milliseconds, 1–1000.</param>
    public ServoScanner(IByteStream port, ServoProtocol protocol, int baudRate, int timeoutMs = 10)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeoutMs, 1000);
        _port = port;
        _protocol = protocol;
        _baudRate = baudRate;
        _timeoutMs = timeoutMs;
    }

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
        var found = new List<ScannedServo>();
        for (int id = firstId; id <= lastId; id++)
        {
            if (TryIdentify((byte)id, out ScannedServo servo))
            {
                found.Add(servo);
            }

            progress?.Invoke(id, found.Count);
        }

        return found;
    }

    /// <summary>Pings <paramref name="id"/> and, when it answers, reads its model and firmware.</summary>
    public bool TryIdentify(byte id, out ScannedServo servo)
    {
        servo = default;
        if (!Exchange(id, ping: true, out _))
        {
            return false;
        }

        ushort model = 0;
        string firmware = "";
        if (Exchange(id, ping: false, out int length))
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

    /// <summary>Sends a Ping, or a Read of the identification bytes, and waits for that id's answer; its parameters land in <see cref="_data"/>.</summary>
    private bool Exchange(byte id, bool ping, out int length)
    {
        length = 0;
        DrainInput();
        int sent = _protocol == ServoProtocol.DynamixelX
            ? ping
                ? DynamixelPacketWriter.Ping(_packet, id)
                : DynamixelPacketWriter.Read(_packet, id, 0, (ushort)(XSeriesControlTable.FirmwareVersion.Address + 1))
            : ping
                ? FeetechPacketWriter.Ping(_packet, id)
                : FeetechPacketWriter.Read(_packet, id, 0, (byte)(Sts3215ControlTable.ModelNumber.Address + 2));
        _port.Write(_packet.AsSpan(0, sent));

        long deadline = Stopwatch.GetTimestamp() + _timeoutMs * Stopwatch.Frequency / 1000;
        while (true)
        {
            if (TryTakeAnswer(id, out length))
            {
                return true;
            }

            long remainingMs = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (remainingMs <= 0)
            {
                return false;
            }

            Span<byte> span = _protocol == ServoProtocol.DynamixelX ? _dynamixel.GetWriteSpan() : _feetech.GetWriteSpan();
            int received = _port.Read(span, (int)Math.Max(1, remainingMs));
            if (_protocol == ServoProtocol.DynamixelX)
            {
                _dynamixel.Advance(received);
            }
            else
            {
                _feetech.Advance(received);
            }
        }
    }

    private bool TryTakeAnswer(byte id, out int length)
    {
        length = 0;
        if (_protocol == ServoProtocol.DynamixelX)
        {
            while (_dynamixel.TryRead(out DynamixelStatus status))
            {
                if (status.Id == id)
                {
                    length = Math.Min(status.Parameters.Length, _data.Length);
                    status.Parameters[..length].CopyTo(_data);
                    return true;
                }
            }

            return false;
        }

        while (_feetech.TryRead(out FeetechStatus status))
        {
            if (status.Id == id)
            {
                length = Math.Min(status.Parameters.Length, _data.Length);
                status.Parameters[..length].CopyTo(_data);
                return true;
            }
        }

        return false;
    }

    private void DrainInput()
    {
        Span<byte> scratch = stackalloc byte[64];
        while (_port.Read(scratch, 0) > 0)
        {
        }

        _dynamixel.DiscardBuffered();
        _feetech.DiscardBuffered();
    }
}
