using System.Buffers.Binary;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// The kernel's <c>struct can_frame</c> (linux/can.h), 16 bytes, as read from and written to a
/// raw CAN socket: <c>can_id</c> (32-bit, host byte order, with the EFF/RTR/ERR flags in bits
/// 31/30/29) at 0, <c>len</c> at 4, padding and <c>len8_dlc</c> at 5–7, eight data bytes at 8.
/// No allocation; safe from any thread.
/// </summary>
public static class SocketCanCodec
{
    /// <summary>Size of <c>struct can_frame</c> (<c>CAN_MTU</c>), bytes.</summary>
    public const int FrameSize = 16;

    /// <summary>Extended frame format flag (<c>CAN_EFF_FLAG</c>).</summary>
    public const uint ExtendedFlag = 0x8000_0000;

    /// <summary>Remote transmission request flag (<c>CAN_RTR_FLAG</c>).</summary>
    public const uint RemoteFlag = 0x4000_0000;

    /// <summary>Error frame flag (<c>CAN_ERR_FLAG</c>).</summary>
    public const uint ErrorFlag = 0x2000_0000;

    private const int DataOffset = 8;

    /// <summary>Writes <paramref name="frame"/> as a 16-byte <c>can_frame</c>; unused data bytes and padding are zero.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FrameSize"/>.</exception>
    public static void Encode(in CanFrame frame, Span<byte> destination)
    {
        if (destination.Length < FrameSize)
        {
            throw new ArgumentException($"A can_frame needs {FrameSize} bytes.", nameof(destination));
        }

        uint id = frame.Id;
        if (frame.IsExtended)
        {
            id |= ExtendedFlag;
        }

        if (frame.IsRemote)
        {
            id |= RemoteFlag;
        }

        if (frame.IsError)
        {
            id |= ErrorFlag;
        }

        WriteHostOrder(destination, id);
        destination[4] = frame.Length;
        destination.Slice(5, 3).Clear();
        Span<byte> data = destination.Slice(DataOffset, CanFrame.MaxDataLength);
        data.Clear();
        frame.Data.CopyTo(data);
    }

    /// <summary>Reads a 16-byte <c>can_frame</c>.</summary>
    /// <returns>False when <paramref name="source"/> is not 16 bytes or its length field exceeds 8.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> source, out CanFrame frame)
    {
        frame = default;
        if (source.Length != FrameSize || source[4] > CanFrame.MaxDataLength)
        {
            return false;
        }

        uint raw = ReadHostOrder(source);
        int length = source[4];
        ReadOnlySpan<byte> data = source.Slice(DataOffset, length);
        if ((raw & ErrorFlag) != 0)
        {
            frame = CanFrame.CreateError((CanErrorFlags)(raw & CanFrame.MaxExtendedId), source.Slice(DataOffset, CanFrame.MaxDataLength));
            return true;
        }

        bool extended = (raw & ExtendedFlag) != 0;
        uint id = raw & (extended ? CanFrame.MaxExtendedId : CanFrame.MaxStandardId);
        frame = (raw & RemoteFlag) != 0
            ? CanFrame.CreateRemote(id, length, extended)
            : new CanFrame(id, data, extended);
        return true;
    }

    private static void WriteHostOrder(Span<byte> destination, uint value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
    }

    private static uint ReadHostOrder(ReadOnlySpan<byte> source) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(source) : BinaryPrimitives.ReadUInt32BigEndian(source);
}
