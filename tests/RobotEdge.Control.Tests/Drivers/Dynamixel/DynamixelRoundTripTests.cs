using RobotEdge.Control.Drivers.Dynamixel;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

/// <summary>
/// Property tests: random packets written, cut into random chunks with noise between them, and read
/// back. The seeds are fixed so that a failure reproduces exactly; parameters are biased towards
/// 0xFF and 0xFD so that byte stuffing is exercised in most packets.
/// </summary>
public class DynamixelRoundTripTests
{
    private const int Seed = 20_261_121;

    [Fact]
    public void Random_status_packets_survive_chunking_and_noise()
    {
        var random = new Random(Seed);
        var reader = new DynamixelStatusReader();
        byte[] packet = new byte[DynamixelProtocol.GetMaxStatusPacketLength(64)];

        for (int round = 0; round < 2_000; round++)
        {
            byte id = (byte)random.Next(0, DynamixelProtocol.MaxDeviceId + 1);
            byte error = (byte)random.Next(0, 256);
            byte[] parameters = RandomParameters(random, random.Next(0, 65));
            int length = DynamixelPacketWriter.Status(packet, id, new DynamixelStatusError(error), parameters);

            FeedWithNoise(random, reader, packet.AsSpan(0, length));

            Assert.True(reader.TryRead(out DynamixelStatus status), $"round {round}");
            Assert.Equal(id, status.Id);
            Assert.Equal(error, status.Error.Raw);
            Assert.Equal(Hex.Of(parameters), Hex.Of(status.Parameters));
            Assert.False(reader.TryRead(out _));
        }

        Assert.Equal(0, reader.CrcErrorCount);
        Assert.Equal(0, reader.InvalidPacketCount);
    }

    [Fact]
    public void Random_instruction_packets_survive_chunking_and_noise()
    {
        var random = new Random(Seed + 1);
        var reader = new DynamixelInstructionReader();
        byte[] packet = new byte[DynamixelProtocol.GetMaxInstructionPacketLength(64)];

        for (int round = 0; round < 2_000; round++)
        {
            byte id = random.Next(0, 10) == 0 ? DynamixelProtocol.BroadcastId : (byte)random.Next(0, DynamixelProtocol.MaxDeviceId + 1);
            var instruction = (DynamixelInstruction)random.Next(1, 0x55);
            byte[] parameters = RandomParameters(random, random.Next(0, 65));
            int length = DynamixelPacketWriter.Instruction(packet, id, instruction, parameters);

            FeedWithNoise(random, reader, packet.AsSpan(0, length));

            Assert.True(reader.TryRead(out DynamixelInstructionPacket parsed), $"round {round}");
            Assert.Equal(id, parsed.Id);
            Assert.Equal(instruction, parsed.Instruction);
            Assert.Equal(Hex.Of(parameters), Hex.Of(parsed.Parameters));
        }
    }

    /// <summary>
    /// One random byte of a stream of ten status packets is corrupted: the reader must never hand out
    /// a packet that differs from one that was sent, and must lose at most the packet that was hit.
    /// </summary>
    [Fact]
    public void A_corrupted_byte_never_yields_a_wrong_packet()
    {
        var random = new Random(Seed + 2);
        byte[] scratch = new byte[DynamixelProtocol.GetMaxStatusPacketLength(16)];

        for (int round = 0; round < 1_000; round++)
        {
            var sent = new List<string>();
            var stream = new List<byte>();
            for (int i = 0; i < 10; i++)
            {
                byte[] parameters = RandomParameters(random, random.Next(0, 17));
                int length = DynamixelPacketWriter.Status(scratch, (byte)(i + 1), default, parameters);
                sent.Add(Hex.Of(parameters));
                stream.AddRange(scratch.AsSpan(0, length).ToArray());
            }

            byte[] bytes = stream.ToArray();
            bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            var reader = new DynamixelStatusReader();
            reader.Append(bytes);

            int received = 0;
            while (reader.TryRead(out DynamixelStatus status))
            {
                Assert.InRange(status.Id, 1, 10);
                Assert.Equal(sent[status.Id - 1], Hex.Of(status.Parameters));
                received++;
            }

            Assert.InRange(received, 9, 10);
        }
    }

    private static byte[] RandomParameters(Random random, int length)
    {
        byte[] parameters = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int pick = random.Next(0, 4);
            parameters[i] = pick switch
            {
                0 => 0xFF,
                1 => 0xFD,
                _ => (byte)random.Next(0, 256),
            };
        }

        return parameters;
    }

    /// <summary>Noise without 0xFF (so it cannot merge with a header), then the packet in random chunks.</summary>
    private static void FeedWithNoise(Random random, DynamixelStatusReader reader, ReadOnlySpan<byte> packet)
    {
        reader.Append(Noise(random));
        AppendInChunks(random, packet, reader.Append);
    }

    private static void FeedWithNoise(Random random, DynamixelInstructionReader reader, ReadOnlySpan<byte> packet)
    {
        reader.Append(Noise(random));
        AppendInChunks(random, packet, reader.Append);
    }

    private static byte[] Noise(Random random)
    {
        byte[] noise = new byte[random.Next(0, 6)];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (byte)random.Next(0, 0xFF);
        }

        return noise;
    }

    private delegate int Append(ReadOnlySpan<byte> data);

    private static void AppendInChunks(Random random, ReadOnlySpan<byte> packet, Append append)
    {
        while (!packet.IsEmpty)
        {
            int chunk = Math.Min(packet.Length, random.Next(1, 12));
            Assert.Equal(chunk, append(packet[..chunk]));
            packet = packet[chunk..];
        }
    }
}
