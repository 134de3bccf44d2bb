using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// One classic CAN 2.0 frame: an 11-bit (standard) or 29-bit (extended) identifier, a data or
/// remote request, 0–8 data bytes inline. Also carries SocketCAN error frames
/// (<see cref="IsError"/>), whose <see cref="Id"/> holds the <see cref="CanErrorFlags"/> and whose
/// data bytes follow linux/can/error.h. A plain value type: copying it copies the payload, and it
/// never allocates.
/// </summary>
public struct CanFrame : IEquatable<CanFrame>
{
    /// <summary>Largest data length of a classic CAN frame, bytes.</summary>
    public const int MaxDataLength = 8;

    /// <summary>Largest 11-bit identifier.</summary>
    public const uint MaxStandardId = 0x7FF;

    /// <summary>Largest 29-bit identifier.</summary>
    public const uint MaxExtendedId = 0x1FFF_FFFF;

    private const byte ExtendedFlag = 1;
    private const byte RemoteFlag = 2;
    private const byte ErrorFlag = 4;

    /// <summary>Invariant: ≤ <see cref="MaxStandardId"/> unless extended or error, ≤ <see cref="MaxExtendedId"/> always.</summary>
    private readonly uint _id;

    /// <summary>Combination of ExtendedFlag, RemoteFlag, ErrorFlag; error excludes remote.</summary>
    private readonly byte _flags;

    /// <summary>Invariant: 0..8.</summary>
    private readonly byte _length;

    /// <summary>
    /// All eight data bytes; the first <see cref="Length"/> are the frame's data, the rest are
    /// ignored (equality and encoders never read them). Writable so that a codec can fill a frame
    /// in place.
    /// </summary>
    public CanPayload Payload;

    /// <summary>Creates a data frame carrying <paramref name="data"/> (0–8 bytes).</summary>
    /// <param name="id">Identifier: 0..0x7FF for a standard frame, 0..0x1FFFFFFF for an extended one.</param>
    /// <param name="data">The data bytes, copied into the frame.</param>
    /// <param name="isExtended">True for a 29-bit identifier.</param>
    /// <exception cref="ArgumentOutOfRangeException">The identifier or the length is out of range.</exception>
    public CanFrame(uint id, ReadOnlySpan<byte> data, bool isExtended = false)
        : this(id, isExtended ? ExtendedFlag : (byte)0, data.Length)
    {
        data.CopyTo(Payload);
    }

    private CanFrame(uint id, byte flags, int length)
    {
        uint max = (flags & (ExtendedFlag | ErrorFlag)) != 0 ? MaxExtendedId : MaxStandardId;
        if (id > max)
        {
            ThrowIdOutOfRange(id, max);
        }

        if ((uint)length > MaxDataLength)
        {
            ThrowLengthOutOfRange(length);
        }

        _id = id;
        _flags = flags;
        _length = (byte)length;
        Payload = default;
    }

    /// <summary>The identifier (without flags); for an error frame, the <see cref="CanErrorFlags"/> bits.</summary>
    public readonly uint Id => _id;

    /// <summary>True for a 29-bit identifier.</summary>
    public readonly bool IsExtended => (_flags & ExtendedFlag) != 0;

    /// <summary>True for a remote transmission request (no data bytes on the wire; <see cref="Length"/> is the requested DLC).</summary>
    public readonly bool IsRemote => (_flags & RemoteFlag) != 0;

    /// <summary>True for an error frame reported by the SocketCAN controller driver (never sent).</summary>
    public readonly bool IsError => (_flags & ErrorFlag) != 0;

    /// <summary>Data length code, 0..8 bytes.</summary>
    public readonly byte Length => _length;

    /// <summary>The data bytes: the first <see cref="Length"/> payload bytes, or empty for a remote frame (which carries none).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Data => IsRemote ? default : ((ReadOnlySpan<byte>)Payload)[.._length];

    /// <summary>Creates a remote transmission request for <paramref name="length"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The identifier or the length is out of range.</exception>
    public static CanFrame CreateRemote(uint id, int length, bool isExtended = false) =>
        new(id, (byte)(RemoteFlag | (isExtended ? ExtendedFlag : 0)), length);

    /// <summary>Creates an error frame as SocketCAN delivers it: <paramref name="errorClass"/> and 8 bytes of detail.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errorClass"/> exceeds 29 bits or <paramref name="detail"/> exceeds 8 bytes.</exception>
    public static CanFrame CreateError(CanErrorFlags errorClass, ReadOnlySpan<byte> detail)
    {
        CanFrame frame = new((uint)errorClass, ErrorFlag, MaxDataLength);
        if (detail.Length > MaxDataLength)
        {
            ThrowLengthOutOfRange(detail.Length);
        }

        detail.CopyTo(frame.Payload);
        return frame;
    }

    /// <summary>Compares identifier, kind, length and the first <see cref="Length"/> data bytes.</summary>
    public readonly bool Equals(CanFrame other) =>
        _id == other._id && _flags == other._flags && _length == other._length && Data.SequenceEqual(other.Data);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is CanFrame other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(_id);
        hash.Add(_flags);
        hash.AddBytes(Data);
        return hash.ToHashCode();
    }

    /// <summary>candump-style text, e.g. <c>123#11223344</c>, <c>12345678#R2</c>; allocates, diagnostics only.</summary>
    public override readonly string ToString()
    {
        StringBuilder text = new();
        if (IsError)
        {
            text.Append("ERR ");
        }

        text.Append(IsExtended || IsError ? _id.ToString("X8", CultureInfo.InvariantCulture) : _id.ToString("X3", CultureInfo.InvariantCulture));
        text.Append('#');
        if (IsRemote)
        {
            text.Append('R').Append(_length);
        }
        else
        {
            foreach (byte value in Data)
            {
                text.Append(value.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(CanFrame left, CanFrame right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(CanFrame left, CanFrame right) => !left.Equals(right);

    [DoesNotReturn]
    private static void ThrowIdOutOfRange(uint id, uint max) =>
        throw new ArgumentOutOfRangeException(nameof(id), id, $"CAN identifier 0x{id:X} exceeds 0x{max:X}.");

    [DoesNotReturn]
    private static void ThrowLengthOutOfRange(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, "A classic CAN frame carries 0 to 8 data bytes.");
}
