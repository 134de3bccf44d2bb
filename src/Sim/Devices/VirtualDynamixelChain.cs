using System.Buffers.Binary;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Drivers;
using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Dynamixel.Registers;

namespace RobotEdge.Sim.Devices;

/// <summary>
/// Virtual XM430-W350 servos (model number 1020, X-series control table) speaking DYNAMIXEL Protocol
/// 2.0: Ping (unicast and broadcast), Read, Write, Sync Read and Sync Write, with the CRC checked and
/// the status packet's alert bit set while Hardware Error Status (70) is non-zero. Writable: the
/// addresses from Return Delay Time (9) up to, not including, Present Velocity (128); other writes
/// answer Data Range Error. In a Sync Read, present servos answer in list order; an absent servo is
/// simply skipped (the virtual bus does not make later servos wait for it). Device thread as in
/// <see cref="VirtualServoChain"/>.
/// </summary>
public sealed class VirtualDynamixelChain : VirtualServoChain
{
    /// <summary>Model Number of the XM430-W350, as the codec's control table documents it.</summary>
    public const ushort ModelNumber = 1020;

    /// <summary>Firmware version the virtual servos report.</summary>
    public const byte FirmwareVersion = 52;

    /// <summary>Writable window Return Delay Time (9) … Present Velocity (128), Torque Enable (64), Goal Position (116, 4 bytes).</summary>
    private static readonly VirtualServoTableLayout TableLayout = new(
        XSeriesControlTable.ReturnDelayTime.Address,
        XSeriesControlTable.PresentVelocity.Address,
        XSeriesControlTable.TorqueEnable.Address,
        XSeriesControlTable.GoalPosition.Address,
        XSeriesControlTable.GoalPosition.Size);

    private readonly DynamixelInstructionReader _reader = new();
    private readonly byte[] _reply = new byte[DynamixelProtocol.GetMaxStatusPacketLength(256)];

    /// <summary>Creates the chain and starts answering on <paramref name="pty"/>'s master side.</summary>
    /// <param name="pty">Pseudo-terminal; the bus opens its <see cref="PseudoTerminal.DevicePath"/>. Stays owned by the caller.</param>
    /// <param name="clock">Time base of the motor models.</param>
    /// <param name="ids">Servo ids in chain order, 0–252, 1–8 of them.</param>
    /// <param name="options">Timing and dynamics; defaults when null.</param>
    public VirtualDynamixelChain(PseudoTerminal pty, IClock clock, ReadOnlySpan<byte> ids, VirtualServoChainOptions? options = null)
        : base(pty, clock, ids, options, TableLayout)
    {
        foreach (VirtualServo servo in Servos)
        {
            if (!DynamixelProtocol.IsDeviceId(servo.Id))
            {
                throw new ArgumentException($"Dynamixel ids are 0–252, not {servo.Id}.", nameof(ids));
            }

            byte[] table = servo.Table;
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(XSeriesControlTable.ModelNumber.Address), ModelNumber);
            table[XSeriesControlTable.FirmwareVersion.Address] = FirmwareVersion;
            table[XSeriesControlTable.Id.Address] = servo.Id;
            table[XSeriesControlTable.BaudRate.Address] = 3; // 1 Mbps.
            table[XSeriesControlTable.ReturnDelayTime.Address] = (byte)Math.Min(254, ReturnDelayUs / 2);
            table[XSeriesControlTable.OperatingMode.Address] = (byte)XSeriesOperatingMode.Position;
            table[XSeriesControlTable.StatusReturnLevel.Address] = 2;
            BinaryPrimitives.WriteInt32LittleEndian(
                table.AsSpan(XSeriesControlTable.GoalPosition.Address), XSeriesUnits.RadiansToPosition(servo.GoalRad));
        }

        StartThread();
    }

    /// <inheritdoc />
    private protected override SerialPacketReader InstructionReader => _reader;

    /// <inheritdoc />
    private protected override void HandleInstructions()
    {
        while (_reader.TryRead(out DynamixelInstructionPacket packet))
        {
            switch (packet.Instruction)
            {
                case DynamixelInstruction.Ping:
                    HandlePing(packet);
                    break;
                case DynamixelInstruction.Read when packet.TryGetRead(out ushort address, out ushort length):
                    AnswerRead(packet.Id, address, length);
                    break;
                case DynamixelInstruction.Write when packet.TryGetWrite(out ushort address, out ReadOnlySpan<byte> data):
                    HandleWrite(packet.Id, address, data);
                    break;
                case DynamixelInstruction.SyncWrite:
                    foreach (VirtualServo servo in Servos)
                    {
                        if (servo.Present && packet.TryFindSyncWrite(servo.Id, out ushort address, out ReadOnlySpan<byte> data))
                        {
                            Apply(servo, address, data);
                        }
                    }

                    break;
                case DynamixelInstruction.SyncRead when packet.TryGetSyncRead(out ushort address, out ushort length, out ReadOnlySpan<byte> ids):
                    AnswerReads(ids, address, length);
                    break;
                default:
                    if (!packet.IsBroadcast && FindPresent(packet.Id) is { } target)
                    {
                        Answer(target, new DynamixelStatusError(DynamixelErrorNumber.InstructionError, false), []);
                    }

                    break;
            }
        }
    }

    private void HandlePing(DynamixelInstructionPacket packet)
    {
        Span<byte> info = stackalloc byte[3];
        foreach (VirtualServo servo in Servos)
        {
            if (servo.Present && (packet.IsBroadcast || packet.Id == servo.Id))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(info, ModelNumber);
                info[2] = FirmwareVersion;
                Answer(servo, Ok(servo), info);
            }
        }
    }

    private void HandleWrite(byte id, ushort address, ReadOnlySpan<byte> data)
    {
        foreach (VirtualServo servo in Servos)
        {
            if (!servo.Present || (id != servo.Id && id != DynamixelProtocol.BroadcastId))
            {
                continue;
            }

            if (!IsWritable(address, data.Length))
            {
                if (id != DynamixelProtocol.BroadcastId)
                {
                    Answer(servo, new DynamixelStatusError(DynamixelErrorNumber.DataRangeError, servo.HardwareErrorBits != 0), []);
                }

                continue;
            }

            Apply(servo, address, data);
            if (id != DynamixelProtocol.BroadcastId)
            {
                Answer(servo, Ok(servo), []);
            }
        }
    }

    /// <inheritdoc />
    private protected override bool TryDecodeGoal(ReadOnlySpan<byte> table, out int ticks, out double goalRad)
    {
        ticks = BinaryPrimitives.ReadInt32LittleEndian(table[XSeriesControlTable.GoalPosition.Address..]);
        goalRad = XSeriesUnits.PositionToRadians(ticks);
        return true;
    }

    /// <inheritdoc />
    private protected override void AnswerRead(VirtualServo servo, int address, int length)
    {
        if (address + length > servo.Table.Length)
        {
            Answer(servo, new DynamixelStatusError(DynamixelErrorNumber.DataRangeError, servo.HardwareErrorBits != 0), []);
            return;
        }

        byte[] table = servo.Table;
        BinaryPrimitives.WriteInt32LittleEndian(
            table.AsSpan(XSeriesControlTable.PresentVelocity.Address), XSeriesUnits.RadiansPerSecondToVelocity(servo.VelocityRadPerS));
        BinaryPrimitives.WriteInt32LittleEndian(
            table.AsSpan(XSeriesControlTable.PresentPosition.Address), XSeriesUnits.RadiansToPosition(servo.PositionRad));
        table[XSeriesControlTable.HardwareErrorStatus.Address] = servo.HardwareErrorBits;
        table[XSeriesControlTable.TorqueEnable.Address] = servo.TorqueOn ? (byte)1 : (byte)0;
        Answer(servo, Ok(servo), table.AsSpan(address, length));
    }

    private static DynamixelStatusError Ok(VirtualServo servo) => new(DynamixelErrorNumber.None, servo.HardwareErrorBits != 0);

    private void Answer(VirtualServo servo, DynamixelStatusError error, ReadOnlySpan<byte> parameters)
    {
        int length = DynamixelPacketWriter.Status(_reply, servo.Id, error, parameters);
        SendReply(_reply.AsSpan(0, length));
    }
}
