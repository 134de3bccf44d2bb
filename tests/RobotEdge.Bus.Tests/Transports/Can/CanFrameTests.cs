using RobotEdge.Bus.Transports.Can;

namespace RobotEdge.Bus.Tests.Transports.Can;

public sealed class CanFrameTests
{
    [Fact]
    public void DataFrame_KeepsIdLengthAndBytes()
    {
        CanFrame frame = new(0x123, [0x11, 0x22, 0x33]);

        Assert.Equal(0x123u, frame.Id);
        Assert.Equal(3, frame.Length);
        Assert.False(frame.IsExtended);
        Assert.False(frame.IsRemote);
        Assert.False(frame.IsError);
        Assert.Equal([0x11, 0x22, 0x33], frame.Data.ToArray());
        Assert.Equal("123#112233", frame.ToString());
    }

    [Fact]
    public void RemoteFrame_HasLengthButNoData()
    {
        CanFrame frame = CanFrame.CreateRemote(0x1ABCDEF0, 4, isExtended: true);

        Assert.True(frame.IsRemote);
        Assert.True(frame.IsExtended);
        Assert.Equal(4, frame.Length);
        Assert.True(frame.Data.IsEmpty);
        Assert.Equal("1ABCDEF0#R4", frame.ToString());
    }

    [Theory]
    [InlineData(0x800u, false)]
    [InlineData(0x2000_0000u, true)]
    public void IdOutOfRange_IsRejected(uint id, bool extended)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CanFrame(id, [], extended));
    }

    [Fact]
    public void MoreThanEightBytes_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CanFrame(1, new byte[9]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanFrame.CreateRemote(1, 9));
    }

    [Fact]
    public void Equality_IgnoresPayloadBeyondLength()
    {
        CanFrame a = new(0x10, [1, 2]);
        CanFrame b = new(0x10, [1, 2]);
        b.Payload[5] = 0xEE;

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new CanFrame(0x10, [1, 2], isExtended: true));
        Assert.NotEqual(a, new CanFrame(0x10, [1, 3]));
    }
}
