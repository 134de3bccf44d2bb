using RobotEdge.Bus.Transports.Can;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>
/// SlcanTransport end to end: a real serial port (the device side of a pseudo-terminal, at
/// 1 Mbit/s) to a fake SLCAN adapter on the master side that acknowledges like a Lawicel adapter
/// (<c>z</c>/<c>Z</c>) or like CANable firmware (bare CR).
/// </summary>
public sealed class SlcanTransportTests
{
    private const int ReceiveTimeoutMs = 2000;

    [Theory]
    [InlineData(FakeAckStyle.Lawicel)]
    [InlineData(FakeAckStyle.Canable)]
    public void Open_SendsResetCloseBitrateOpen(FakeAckStyle style)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, style);

        using (SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000), new SlcanOptions { Bitrate = SlcanBitrate.Kbit500 }))
        {
            Assert.Equal(SlcanBitrate.Kbit500, transport.Bitrate);
            // Z0: the adapter is told not to stamp frames (Lawicel adapters remember Z1 from an earlier session).
            Assert.Equal(["", "", "", "C", "Z0", "S6", "O"], adapter.Lines.ToArray());
        }

        WaitFor(() => adapter.Lines.Count == 8);
        Assert.Equal("C", adapter.Lines.Last());
    }

    [Fact]
    public void Open_WithTimestampsAndListenOnly_SendsZ1AndL()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);

        using SlcanTransport transport = SlcanTransport.Open(
            LinuxSerialPort.Open(pty.DevicePath, 1_000_000),
            new SlcanOptions { Bitrate = SlcanBitrate.Mbit1, Timestamps = true, ListenOnly = true });

        Assert.Equal(["", "", "", "C", "Z1", "S8", "L"], adapter.Lines.ToArray());
        Assert.True(transport.ListenOnly);
    }

    [Theory]
    [InlineData(FakeAckStyle.Lawicel, false)]
    [InlineData(FakeAckStyle.Lawicel, true)]
    [InlineData(FakeAckStyle.Canable, false)]
    [InlineData(FakeAckStyle.Canable, true)]
    public void SentFrame_IsAcknowledged_AndReplyReceived(FakeAckStyle style, bool extended)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, style);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));
        CanFrame command = new(extended ? 0x1234567u : 0x001u, [0x7F, 0xFF, 0x7F, 0xF0, 0x00, 0x00, 0x07, 0xFF], extended);

        Assert.True(transport.TrySend(command));
        Assert.True(transport.TryReceive(out CanFrame reply, ReceiveTimeoutMs));

        Assert.Equal(new CanFrame(command.Id + 1, command.Data, extended), reply);
        Assert.Equal(command, Assert.Single(adapter.Transmitted));
        Assert.Equal(1, transport.SentCount);
        Assert.Equal(1, transport.AcknowledgedCount);
        Assert.Equal(0, transport.PendingAcknowledgements);
        Assert.Equal(0, transport.RejectedCount);
        Assert.Equal(0, transport.MalformedLineCount);
    }

    [Theory]
    [InlineData(FakeAckStyle.Lawicel)]
    [InlineData(FakeAckStyle.Canable)]
    public void Burst_OfFrames_EveryReplyArrivesInOrder(FakeAckStyle style)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, style);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));
        const int count = 200;

        for (int i = 0; i < count; i++)
        {
            Assert.True(transport.TrySend(new CanFrame((uint)(i * 2), [(byte)i, (byte)(i >> 8)])));
        }

        for (int i = 0; i < count; i++)
        {
            Assert.True(transport.TryReceive(out CanFrame reply, ReceiveTimeoutMs), $"reply {i} missing");
            Assert.Equal(new CanFrame((uint)(i * 2) + 1, [(byte)i, (byte)(i >> 8)]), reply);
        }

        Assert.Equal(count, transport.AcknowledgedCount);
        Assert.Equal(0, transport.PendingAcknowledgements);
    }

    [Fact]
    public void RemoteRequest_IsSentAndAcknowledged()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        Assert.True(transport.TrySend(CanFrame.CreateRemote(0x321, 6)));
        Assert.False(transport.TryReceive(out _, 100));

        Assert.Equal(CanFrame.CreateRemote(0x321, 6), Assert.Single(adapter.Transmitted));
        Assert.Equal(1, transport.AcknowledgedCount);
    }

    [Fact]
    public void Bell_AfterTransmit_CountsAsRejected()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        adapter.RejectedIds.Add(0x0AA);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        Assert.True(transport.TrySend(new CanFrame(0x0AA, [1])));
        Assert.True(transport.TrySend(new CanFrame(0x0B0, [2])));
        Assert.True(transport.TryReceive(out CanFrame reply, ReceiveTimeoutMs));

        Assert.Equal(0x0B1u, reply.Id);
        Assert.Equal(1, transport.RejectedCount);
        Assert.Equal(1, transport.AcknowledgedCount);
        Assert.Equal(0, transport.PendingAcknowledgements);
    }

    [Fact]
    public void Timestamps_AreReported_AndWrapAtSixtySeconds()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000), new SlcanOptions { Timestamps = true });
        adapter.ClockMs = 59_995;

        adapter.Inject(new CanFrame(0x10, [1]));
        adapter.Inject(new CanFrame(0x11, [2]));

        Assert.True(transport.TryReceive(out CanFrame first, out ushort? firstStamp, ReceiveTimeoutMs));
        Assert.True(transport.TryReceive(out CanFrame second, out ushort? secondStamp, ReceiveTimeoutMs));
        Assert.Equal(0x10u, first.Id);
        Assert.Equal(0x11u, second.Id);
        Assert.Equal((ushort)59_995, firstStamp);
        Assert.Equal((ushort)2, secondStamp);
        Assert.Equal(7, SlcanCodec.ElapsedMs(firstStamp!.Value, secondStamp!.Value));
    }

    [Fact]
    public void FramesWithoutTimestamps_ReportNull()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Canable);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        adapter.Inject(new CanFrame(0x10, [1]));

        Assert.True(transport.TryReceive(out _, out ushort? stamp, ReceiveTimeoutMs));
        Assert.Null(stamp);
    }

    [Fact]
    public void WithoutTimestamps_ACorruptedLengthDigit_IsMalformed_NotAShorterFrame()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        // 0x010 with 4 bytes AA BB CC DD, its length digit 4 hit by noise and read as 2; then a clean frame.
        adapter.Send("t0102AABBCCDD\r"u8);
        adapter.Send("t0114AABBCCDD\r"u8);

        Assert.True(transport.TryReceive(out CanFrame frame, out ushort? stamp, ReceiveTimeoutMs));
        Assert.Equal(new CanFrame(0x011, [0xAA, 0xBB, 0xCC, 0xDD]), frame);
        Assert.Null(stamp);
        Assert.Equal(1, transport.MalformedLineCount);
        Assert.Equal(1, transport.ReceivedCount);
    }

    [Fact]
    public void WithTimestamps_ALineWithoutOne_IsMalformed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000), new SlcanOptions { Timestamps = true });

        adapter.Send("t0102AABB\r"u8);
        adapter.Send("t0102AABB1234\r"u8);

        Assert.True(transport.TryReceive(out CanFrame frame, out ushort? stamp, ReceiveTimeoutMs));
        Assert.Equal(new CanFrame(0x010, [0xAA, 0xBB]), frame);
        Assert.Equal((ushort)0x1234, stamp);
        Assert.Equal(1, transport.MalformedLineCount);
    }

    [Fact]
    public void MalformedLines_AreCountedAndSkipped()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        adapter.Send("t12\rV1013\r"u8);
        adapter.Send(new byte[100]);
        adapter.Send("\rt0012BEEF\r\n"u8);

        Assert.True(transport.TryReceive(out CanFrame frame, ReceiveTimeoutMs));
        Assert.Equal(new CanFrame(0x001, [0xBE, 0xEF]), frame);
        Assert.Equal(3, transport.MalformedLineCount);
    }

    [Fact]
    public void TryReceive_ReturnsFalse_OnTimeout()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        Assert.False(transport.TryReceive(out CanFrame frame, 30));
        Assert.Equal(default, frame);
        Assert.False(transport.TryReceive(out _, 0));
    }

    [Fact]
    public void Open_Fails_WhenAdapterRefusesBitrate()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        adapter.RejectedBitrates.Add('7');
        LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        CanTransportException ex = Assert.Throws<CanTransportException>(
            () => SlcanTransport.Open(port, new SlcanOptions { Bitrate = SlcanBitrate.Kbit800 }));

        Assert.Contains("refused 'S7' (BELL)", ex.Message);
        Assert.Throws<ObjectDisposedException>(() => port.Read(new byte[1], 0)); // the transport owned it
    }

    [Fact]
    public void Open_Fails_WhenNothingAnswers()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxSerialPort port = LinuxSerialPort.Open(pty.DevicePath, 1_000_000);

        CanTransportException ex = Assert.Throws<CanTransportException>(
            () => SlcanTransport.Open(port, new SlcanOptions { CommandTimeoutMs = 100 }, leaveOpen: true));

        Assert.Contains("no reply to 'C' within 100 ms", ex.Message);
        Assert.Equal(0, port.Read(new byte[1], 0)); // left open: still usable
    }

    [Fact]
    public void TrySend_RefusesErrorFrames()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Lawicel);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));

        Assert.Throws<ArgumentException>(() => transport.TrySend(CanFrame.CreateError(CanErrorFlags.BusOff, [])));
    }

    [Fact]
    public void SendAndReceive_DoNotAllocate_InSteadyState()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using FakeSlcanAdapter adapter = new(pty, FakeAckStyle.Canable);
        using SlcanTransport transport = SlcanTransport.Open(LinuxSerialPort.Open(pty.DevicePath, 1_000_000));
        CanFrame command = new(0x001, [1, 2, 3, 4, 5, 6, 7, 8]);
        bool ok = true;
        for (int i = 0; i < 20; i++)
        {
            ok &= transport.TrySend(command) && transport.TryReceive(out _, ReceiveTimeoutMs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            ok &= transport.TrySend(command) && transport.TryReceive(out _, ReceiveTimeoutMs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(ok);
        Assert.Equal(0, allocated);
    }

    private static void WaitFor(Func<bool> condition)
    {
        long deadline = Environment.TickCount64 + ReceiveTimeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time");
            Thread.Sleep(5);
        }
    }
}
