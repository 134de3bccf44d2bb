using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Drivers;
using RobotEdge.Control.Drivers.Feetech;
using RobotEdge.Control.Drivers.Feetech.Registers;

namespace RobotEdge.Sim.Devices;

/// <summary>
/// Virtual STS3215 servos (model number 777, little-endian memory table) speaking the FEETECH
/// protocol: Ping, Read, Write, Sync Read (0x82) and Sync Write (0x83), with the checksum checked and
/// the hardware error bits (<see cref="FeetechStatusError"/>) in the error byte of every answer, also
/// mirrored at Status (65). Writable: Return Delay Time (7) up to, not including, Present Position
/// (56). Response status level 1: writes are acknowledged. In a Sync Read, present servos answer in
/// list order; absent ones are skipped. Device thread as in <see cref="VirtualServoChain"/>.
/// </summary>
public sealed class VirtualFeetechChain : VirtualServoChain
{
    /// <summary>Model number of the STS3215, as the codec's memory table documents it.</summary>
    public const ushort ModelNumber = 777;

    private static readonly FeetechRegisterCodec Codec = FeetechRegisterCodec.Sts;

    /// <summary>Writable window Return Delay Time (7) … Present Position (56), Torque Enable (40), Goal Position (42, 2 bytes).</summary>
    private static readonly VirtualServoTableLayout TableLayout = new(
        Sts3215ControlTable.ReturnDelayTime.Address,
        Sts3215ControlTable.PresentPosition.Address,
        Sts3215ControlTable.TorqueEnable.Address,
        Sts3215ControlTable.GoalPosition.Address,
        Sts3215ControlTable.GoalPosition.Size);

    private readonly FeetechInstructionReader _reader = new();
    private readonly byte[] _reply = new byte[FeetechProtocol.MaxPacketLength];

    /// <summary>Creates the chain and starts answering on <paramref name="pty"/>'s master side.</summary>
    /// <param name="pty">Pseudo-terminal; the bus opens its <see cref="PseudoTerminal.DevicePath"/>. Stays owned by the caller.</param>
    /// <param name="clock">Time base of the motor models.</param>
    /// <param name="ids">Servo ids in chain order, 0–253, 1–8 of them.</param>
    /// <param name="options">Timing and dynamics; defaults when null.</param>
    public VirtualFeetechChain(PseudoTerminal pty, IClock clock, ReadOnlySpan<byte> ids, VirtualServoChainOptions? options = null)
        : base(pty, clock, ids, options, TableLayout)
    {
        foreach (VirtualServo servo in Servos)
        {
            if (!FeetechProtocol.IsDeviceId(servo.Id))
            {
                throw new ArgumentException($"Feetech ids are 0–253, not {servo.Id}.", nameof(ids));
            }

            byte[] table = servo.Table;
            table[Sts3215ControlTable.FirmwareMajorVersion.Address] = 3;
            table[Sts3215ControlTable.FirmwareMinorVersion.Address] = 10;
            Codec.WriteUInt16(table.AsSpan(Sts3215ControlTable.ModelNumber.Address), ModelNumber);
            table[Sts3215ControlTable.Id.Address] = servo.Id;
            table[Sts3215ControlTable.BaudRate.Address] = 0; // 1 Mbps.
            table[Sts3215ControlTable.ReturnDelayTime.Address] = (byte)Math.Min(254, ReturnDelayUs / 2);
            table[Sts3215ControlTable.ResponseStatusLevel.Address] = 1;
            table[Sts3215ControlTable.OperatingMode.Address] = (byte)Sts3215OperatingMode.Position;
            Codec.WriteUInt16(table.AsSpan(Sts3215ControlTable.GoalPosition.Address), ToTicks(servo.GoalRad));
        }

        StartThread();
    }

    /// <inheritdoc />
    private protected override SerialPacketReader InstructionReader => _reader;

    /// <inheritdoc />
    private protected override void HandleInstructions()
    {
        while (_reader.TryRead(out FeetechInstructionPacket packet))
        {
            switch (packet.Instruction)
            {
                case FeetechInstruction.Ping:
                    if (FindPresent(packet.Id) is { } pinged)
                    {
                        Answer(pinged, []);
                    }

                    break;
                case FeetechInstruction.Read when packet.TryGetRead(out byte address, out byte length):
                    AnswerRead(packet.Id, address, length);
                    break;
                case FeetechInstruction.Write when packet.TryGetWrite(out byte address, out ReadOnlySpan<byte> data):
                    foreach (VirtualServo servo in Servos)
                    {
                        if (servo.Present && (packet.IsBroadcast || packet.Id == servo.Id))
                        {
                            Apply(servo, address, data);
                            if (!packet.IsBroadcast)
                            {
                                Answer(servo, []);
                            }
                        }
                    }

                    break;
                case FeetechInstruction.SyncWrite:
                    foreach (VirtualServo servo in Servos)
                    {
                        if (servo.Present && packet.TryFindSyncWrite(servo.Id, out byte address, out ReadOnlySpan<byte> data))
                        {
                            Apply(servo, address, data);
                        }
                    }

                    break;
                case FeetechInstruction.SyncRead when packet.TryGetSyncRead(out byte address, out byte length, out ReadOnlySpan<byte> ids):
                    AnswerReads(ids, address, length);
                    break;
            }
        }
    }

    private static ushort ToTicks(double rad) =>
        (ushort)Math.Clamp(Math.Round(rad / Sts3215Units.RadiansPerPositionTick), 0, Sts3215Units.PositionTicksPerRevolution - 1);

    /// <inheritdoc />
    private protected override bool TryDecodeGoal(ReadOnlySpan<byte> table, out int ticks, out double goalRad)
    {
        bool ok = Codec.TryReadUInt16(table, Sts3215ControlTable.GoalPosition.Address, out ushort raw);
        ticks = raw;
        goalRad = Sts3215Units.PositionToRadians(raw);
        return ok;
    }

    /// <inheritdoc />
    private protected override void AnswerRead(VirtualServo servo, int address, int length)
    {
        if (address + length > servo.Table.Length)
        {
            return;
        }

        byte[] table = servo.Table;
        Codec.WriteUInt16(table.AsSpan(Sts3215ControlTable.PresentPosition.Address), ToTicks(servo.PositionRad));
        Codec.WriteSignMagnitude(
            table.AsSpan(Sts3215ControlTable.PresentSpeed.Address),
            Sts3215Units.RadiansPerSecondToSpeed(servo.VelocityRadPerS),
            Sts3215Units.SpeedSignBit);
        table[Sts3215ControlTable.Status.Address] = servo.HardwareErrorBits;
        table[Sts3215ControlTable.TorqueEnable.Address] = servo.TorqueOn ? (byte)1 : (byte)0;
        Answer(servo, table.AsSpan(address, length));
    }

    private void Answer(VirtualServo servo, ReadOnlySpan<byte> parameters)
    {
        int length = FeetechPacketWriter.Status(_reply, servo.Id, (FeetechStatusError)servo.HardwareErrorBits, parameters);
        SendReply(_reply.AsSpan(0, length));
    }
}
