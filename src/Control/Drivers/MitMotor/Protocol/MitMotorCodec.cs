using System.Diagnostics.CodeAnalysis;
using RobotEdge.Bus.Transports.Can;

namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>
/// The MIT mini-cheetah / CubeMars MIT-mode CAN protocol: commands, status replies and the special
/// frames, packed into and out of 8-byte CAN payloads. Stateless, allocation-free, safe from any
/// thread; the I/O thread calls it once per motor per cycle.
/// </summary>
/// <remarks>
/// <para>Command (host → motor, CAN id = motor id, 8 bytes, big-endian bit fields):
/// position 16 bits | velocity 12 | kp 12 | kd 12 | torque 12, i.e.
/// <c>[P15..8] [P7..0] [V11..4] [V3..0 KP11..8] [KP7..0] [KD11..4] [KD3..0 T11..8] [T7..0]</c>.</para>
/// <para>Reply (motor → host): <c>[id] [P15..8] [P7..0] [V11..4] [V3..0 T11..8] [T7..0]</c>, 6 bytes
/// from mini-cheetah firmware; CubeMars firmware appends <c>[temperature °C] [fault code]</c> for 8.</para>
/// <para>Each field maps linearly: <c>code = (int)((x − min)·(2^bits − 1)/(max − min))</c> after
/// clamping x to [min, max], computed in single precision and truncated exactly as the reference
/// firmware's <c>float_to_uint</c>, so bytes match the reference implementations; decoding is
/// <c>code·(max − min)/(2^bits − 1) + min</c>. The encode–decode error is therefore below one step,
/// (max − min)/(2^bits − 1), plus the float rounding of the decoded value (half a unit in its last
/// place), and a zero command on a symmetric range encodes to the mid-scale code just below half
/// (0x7FFF, 0x7FF).</para>
/// <para>The kd code is clamped to <see cref="MaxKdCode"/> (0xFFE) so that no command can ever
/// equal a special frame (see README).</para>
/// </remarks>
public static class MitMotorCodec
{
    /// <summary>Length of a command and of a special frame, bytes.</summary>
    public const int CommandLength = 8;

    /// <summary>Length of a mini-cheetah style reply, bytes.</summary>
    public const int ShortReplyLength = 6;

    /// <summary>Length of a CubeMars reply with temperature and fault, bytes.</summary>
    public const int LongReplyLength = 8;

    /// <summary>Width of the position field, bits.</summary>
    public const int PositionBits = 16;

    /// <summary>Width of the velocity, kp, kd and torque fields, bits.</summary>
    public const int FieldBits = 12;

    /// <summary>
    /// Largest kd code sent: one below 0xFFF. With kd's low nibble never 0xF, byte 6 of a command
    /// is never 0xFF, so a command can never read as <c>FF FF FF FF FF FF FF Fx</c>.
    /// </summary>
    public const int MaxKdCode = 0xFFE;

    private const byte SpecialPrefix = 0xFF;

    /// <summary>
    /// Packs <paramref name="command"/> into 8 bytes. Values outside the limits are clamped
    /// (positions saturate, they do not wrap). Real-time safe: no allocation, no blocking.
    /// </summary>
    /// <param name="command">The set-point, SI units.</param>
    /// <param name="limits">The motor firmware's ranges.</param>
    /// <param name="destination">At least <see cref="CommandLength"/> bytes.</param>
    /// <returns>False (nothing written) when a field is NaN: a NaN set-point is a bug upstream, not a value to send.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 8 bytes.</exception>
    public static bool TryEncodeCommand(in MitMotorCommand command, in MitMotorLimits limits, Span<byte> destination)
    {
        if (destination.Length < CommandLength)
        {
            ThrowTooShort(nameof(destination), CommandLength);
        }

        if (float.IsNaN(command.PositionRad) || float.IsNaN(command.VelocityRadPerS) || float.IsNaN(command.Kp)
            || float.IsNaN(command.Kd) || float.IsNaN(command.TorqueNm))
        {
            return false;
        }

        int p = FloatToUInt(command.PositionRad, limits.PositionMinRad, limits.PositionMaxRad, PositionBits);
        int v = FloatToUInt(command.VelocityRadPerS, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, FieldBits);
        int kp = FloatToUInt(command.Kp, limits.KpMin, limits.KpMax, FieldBits);
        int kd = Math.Min(FloatToUInt(command.Kd, limits.KdMin, limits.KdMax, FieldBits), MaxKdCode);
        int t = FloatToUInt(command.TorqueNm, limits.TorqueMinNm, limits.TorqueMaxNm, FieldBits);

        destination[0] = (byte)(p >> 8);
        destination[1] = (byte)p;
        destination[2] = (byte)(v >> 4);
        destination[3] = (byte)(((v & 0xF) << 4) | (kp >> 8));
        destination[4] = (byte)kp;
        destination[5] = (byte)(kd >> 4);
        destination[6] = (byte)(((kd & 0xF) << 4) | (t >> 8));
        destination[7] = (byte)t;
        return true;
    }

    /// <summary>Builds the CAN frame commanding motor <paramref name="motorId"/>. Real-time safe.</summary>
    /// <param name="motorId">The motor's CAN id, 1–0x7FF (standard identifier).</param>
    /// <param name="command">The set-point.</param>
    /// <param name="limits">The motor firmware's ranges.</param>
    /// <param name="frame">The frame, or default when the command has a NaN field.</param>
    /// <returns>False when a field is NaN.</returns>
    public static bool TryCreateCommandFrame(uint motorId, in MitMotorCommand command, in MitMotorLimits limits, out CanFrame frame)
    {
        Span<byte> data = stackalloc byte[CommandLength];
        if (!TryEncodeCommand(command, limits, data))
        {
            frame = default;
            return false;
        }

        frame = new CanFrame(motorId, data);
        return true;
    }

    /// <summary>Writes a special frame: seven 0xFF then the command byte. Real-time safe.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 8 bytes.</exception>
    public static void WriteSpecialCommand(MitMotorSpecialCommand command, Span<byte> destination)
    {
        if (destination.Length < CommandLength)
        {
            ThrowTooShort(nameof(destination), CommandLength);
        }

        destination[..(CommandLength - 1)].Fill(SpecialPrefix);
        destination[CommandLength - 1] = (byte)command;
    }

    /// <summary>Builds the CAN frame sending a special command to motor <paramref name="motorId"/>.</summary>
    public static CanFrame CreateSpecialFrame(uint motorId, MitMotorSpecialCommand command)
    {
        Span<byte> data = stackalloc byte[CommandLength];
        WriteSpecialCommand(command, data);
        return new CanFrame(motorId, data);
    }

    /// <summary>Recognises a special frame (as a motor does): exactly 8 bytes, seven 0xFF, then FC, FD or FE.</summary>
    public static bool TryGetSpecialCommand(ReadOnlySpan<byte> data, out MitMotorSpecialCommand command)
    {
        command = default;
        if (data.Length != CommandLength || data[..(CommandLength - 1)].ContainsAnyExcept(SpecialPrefix))
        {
            return false;
        }

        byte last = data[CommandLength - 1];
        if (last is < (byte)MitMotorSpecialCommand.EnterMotorMode or > (byte)MitMotorSpecialCommand.SetZero)
        {
            return false;
        }

        command = (MitMotorSpecialCommand)last;
        return true;
    }

    /// <summary>
    /// Unpacks a command as the motor does (used by virtual motors and tests). Real-time safe.
    /// </summary>
    /// <returns>False unless <paramref name="data"/> is exactly 8 bytes and not a special frame.</returns>
    public static bool TryDecodeCommand(ReadOnlySpan<byte> data, in MitMotorLimits limits, out MitMotorCommand command)
    {
        command = default;
        if (data.Length != CommandLength || TryGetSpecialCommand(data, out _))
        {
            return false;
        }

        int p = (data[0] << 8) | data[1];
        int v = (data[2] << 4) | (data[3] >> 4);
        int kp = ((data[3] & 0xF) << 8) | data[4];
        int kd = (data[5] << 4) | (data[6] >> 4);
        int t = ((data[6] & 0xF) << 8) | data[7];
        command = new MitMotorCommand(
            UIntToFloat(p, limits.PositionMinRad, limits.PositionMaxRad, PositionBits),
            UIntToFloat(v, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, FieldBits),
            UIntToFloat(kp, limits.KpMin, limits.KpMax, FieldBits),
            UIntToFloat(kd, limits.KdMin, limits.KdMax, FieldBits),
            UIntToFloat(t, limits.TorqueMinNm, limits.TorqueMaxNm, FieldBits));
        return true;
    }

    /// <summary>
    /// Packs a status reply as a motor sends it (used by virtual motors and tests): 6 bytes, or 8
    /// when <paramref name="reply"/> carries diagnostics. Values are clamped to the limits.
    /// </summary>
    /// <returns>The number of bytes written, 6 or 8.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int EncodeReply(in MitMotorReply reply, in MitMotorLimits limits, Span<byte> destination)
    {
        int length = reply.HasDiagnostics ? LongReplyLength : ShortReplyLength;
        if (destination.Length < length)
        {
            ThrowTooShort(nameof(destination), length);
        }

        int p = FloatToUInt(reply.PositionRad, limits.PositionMinRad, limits.PositionMaxRad, PositionBits);
        int v = FloatToUInt(reply.VelocityRadPerS, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, FieldBits);
        int t = FloatToUInt(reply.TorqueNm, limits.TorqueMinNm, limits.TorqueMaxNm, FieldBits);
        destination[0] = reply.MotorId;
        destination[1] = (byte)(p >> 8);
        destination[2] = (byte)p;
        destination[3] = (byte)(v >> 4);
        destination[4] = (byte)(((v & 0xF) << 4) | (t >> 8));
        destination[5] = (byte)t;
        if (reply.HasDiagnostics)
        {
            destination[6] = reply.TemperatureC;
            destination[7] = (byte)reply.Fault;
        }

        return length;
    }

    /// <summary>
    /// Unpacks a status reply: 6 bytes (mini-cheetah) or 8 bytes (CubeMars, with temperature and
    /// fault). Real-time safe: no allocation, no blocking.
    /// </summary>
    /// <returns>False for any other length (including 7, and trailing bytes beyond 8).</returns>
    public static bool TryDecodeReply(ReadOnlySpan<byte> data, in MitMotorLimits limits, out MitMotorReply reply)
    {
        if (data.Length != ShortReplyLength && data.Length != LongReplyLength)
        {
            reply = default;
            return false;
        }

        int p = (data[1] << 8) | data[2];
        int v = (data[3] << 4) | (data[4] >> 4);
        int t = ((data[4] & 0xF) << 8) | data[5];
        float position = UIntToFloat(p, limits.PositionMinRad, limits.PositionMaxRad, PositionBits);
        float velocity = UIntToFloat(v, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, FieldBits);
        float torque = UIntToFloat(t, limits.TorqueMinNm, limits.TorqueMaxNm, FieldBits);
        reply = data.Length == LongReplyLength
            ? new MitMotorReply(data[0], position, velocity, torque, data[6], (MitMotorFault)data[7])
            : new MitMotorReply(data[0], position, velocity, torque);
        return true;
    }

    /// <summary>
    /// The reference firmware's <c>float_to_uint</c>: clamps <paramref name="value"/> to
    /// [<paramref name="min"/>, <paramref name="max"/>] and maps it onto 0..2^<paramref name="bits"/>−1,
    /// truncating, in single precision. NaN maps to 0.
    /// </summary>
    public static int FloatToUInt(float value, float min, float max, int bits)
    {
        float span = max - min;
        float clamped = value < min ? min : value > max ? max : value;
        float scaled = (clamped - min) * (float)((1 << bits) - 1) / span;
        return float.IsNaN(scaled) ? 0 : (int)scaled;
    }

    /// <summary>
    /// The inverse mapping, code·(max − min)/(2^bits − 1) + min. Computed in double precision and
    /// rounded once to float (the reference firmware rounds at each step in single precision), so
    /// the result is the exact grid value to within half a unit in the last place.
    /// </summary>
    public static float UIntToFloat(int code, float min, float max, int bits)
    {
        double span = (double)max - min;
        return (float)((code * span / ((1 << bits) - 1)) + min);
    }

    [DoesNotReturn]
    private static void ThrowTooShort(string name, int length) =>
        throw new ArgumentException($"Needs at least {length} bytes.", name);
}
