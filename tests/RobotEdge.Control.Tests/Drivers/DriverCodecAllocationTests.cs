using RobotEdge.Control.Drivers.Dynamixel;
using RobotEdge.Control.Drivers.Feetech;

namespace RobotEdge.Control.Tests.Drivers;

/// <summary>
/// The encode and decode paths run on the bus I/O thread every control cycle and must not allocate.
/// Each test warms the code up (JIT, static tables) and then counts the bytes this thread allocates
/// over 10,000 cycles of one sync write, one sync read and the parsing of six status answers.
/// </summary>
public class DriverCodecAllocationTests
{
    private const int Cycles = 10_000;

    [Fact]
    public void Dynamixel_cycle_allocates_nothing()
    {
        byte[] ids = [1, 2, 3, 4, 5, 6];
        byte[] goals = new byte[ids.Length * 4];
        byte[] transmit = new byte[DynamixelProtocol.GetMaxInstructionPacketLength(ids.Length * 5 + 4)];
        byte[] answer = new byte[DynamixelProtocol.GetMaxStatusPacketLength(10)];
        byte[] presentState = [0xFF, 0xFF, 0xFD, 0x00, 0x10, 0x00, 0x00, 0x08, 0x00, 0x00];
        var statusReader = new DynamixelStatusReader();
        var deviceReader = new DynamixelInstructionReader();
        long checksum = 0;

        void Cycle(int cycle)
        {
            for (int i = 0; i < goals.Length; i++)
            {
                goals[i] = (byte)(cycle + i);
            }

            int length = DynamixelPacketWriter.SyncWrite(transmit, 116, 4, ids, goals);
            deviceReader.Append(transmit.AsSpan(0, length));
            if (deviceReader.TryRead(out DynamixelInstructionPacket write) && write.TryFindSyncWrite(6, out _, out ReadOnlySpan<byte> data))
            {
                checksum += data[0];
            }

            length = DynamixelPacketWriter.SyncRead(transmit, 126, 10, ids);
            deviceReader.Append(transmit.AsSpan(0, length));
            if (deviceReader.TryRead(out DynamixelInstructionPacket read) && read.TryGetSyncRead(out _, out _, out ReadOnlySpan<byte> readIds))
            {
                checksum += readIds.Length;
            }

            foreach (byte id in ids)
            {
                length = DynamixelPacketWriter.Status(answer, id, default, presentState);
                statusReader.Append(answer.AsSpan(0, length));
            }

            while (statusReader.TryRead(out DynamixelStatus status))
            {
                status.TryGetInt32(6, out int position);
                checksum += position + status.Id;
            }
        }

        AssertNoAllocation(Cycle);
        Assert.Equal(0, statusReader.CrcErrorCount);
        Assert.NotEqual(0, checksum);
    }

    [Fact]
    public void Feetech_cycle_allocates_nothing()
    {
        byte[] ids = [1, 2, 3, 4, 5, 6];
        byte[] goals = new byte[ids.Length * 2];
        byte[] transmit = new byte[FeetechProtocol.MaxPacketLength];
        byte[] answer = new byte[FeetechProtocol.GetPacketLength(6)];
        FeetechRegisterCodec codec = FeetechRegisterCodec.Sts;
        var statusReader = new FeetechStatusReader();
        var deviceReader = new FeetechInstructionReader();
        long checksum = 0;

        void Cycle(int cycle)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                codec.WriteUInt16(goals.AsSpan(i * 2), (ushort)((cycle + i) & 0x0FFF));
            }

            int length = FeetechPacketWriter.SyncWrite(transmit, 42, 2, ids, goals);
            deviceReader.Append(transmit.AsSpan(0, length));
            if (deviceReader.TryRead(out FeetechInstructionPacket write) && write.TryFindSyncWrite(6, out _, out ReadOnlySpan<byte> data))
            {
                checksum += data[0];
            }

            length = FeetechPacketWriter.SyncRead(transmit, 56, 6, ids);
            deviceReader.Append(transmit.AsSpan(0, length));
            if (deviceReader.TryRead(out FeetechInstructionPacket read) && read.TryGetSyncRead(out _, out _, out ReadOnlySpan<byte> readIds))
            {
                checksum += readIds.Length;
            }

            Span<byte> state = stackalloc byte[6];
            foreach (byte id in ids)
            {
                codec.WriteUInt16(state, 2048);
                codec.WriteSignMagnitude(state[2..], -cycle, 15);
                codec.WriteSignMagnitude(state[4..], 100, 10);
                length = FeetechPacketWriter.Status(answer, id, FeetechStatusError.None, state);
                statusReader.Append(answer.AsSpan(0, length));
            }

            while (statusReader.TryRead(out FeetechStatus status))
            {
                codec.TryReadSignMagnitude(status.Parameters, 2, 15, out int speed);
                checksum += speed + status.Id;
            }
        }

        AssertNoAllocation(Cycle);
        Assert.Equal(0, statusReader.ChecksumErrorCount);
        Assert.NotEqual(0, checksum);
    }

    private static void AssertNoAllocation(Action<int> cycle)
    {
        for (int i = 0; i < 1_000; i++)
        {
            cycle(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Cycles; i++)
        {
            cycle(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
