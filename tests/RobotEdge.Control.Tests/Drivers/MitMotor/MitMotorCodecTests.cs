using RobotEdge.Bus.Transports.Can;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.Control.Drivers.MitMotor.Protocol;

namespace RobotEdge.Control.Tests.Drivers.MitMotor;

public sealed class MitMotorCodecTests
{
    public static TheoryData<string> Presets => new() { "MiniCheetah", "AK60-6", "AK70-10", "AK80-9", "AK10-9" };

    [Theory]
    [MemberData(nameof(Presets))]
    public void ZeroCommand_PacksToMidScaleCodes(string preset)
    {
        byte[] data = new byte[8];

        Assert.True(MitMotorCodec.TryEncodeCommand(MitMotorCommand.Zero, Limits(preset), data));

        // position 0x7FFF, velocity 0x7FF, kp 0, kd 0, torque 0x7FF: every range here is symmetric
        // (or starts at 0), and truncation puts 0 on the code just below half.
        Assert.Equal("7FFF7FF0000007FF", Convert.ToHexString(data));
    }

    [Fact]
    public void KnownCommand_PacksByteExact()
    {
        // p = 1 rad: (1 + 12.5)·65535/25 = 35388.9 → 0x8A3C; v = 0 → 0x7FF; kp = 10: 10·4095/500 = 81.9 → 0x051;
        // kd = 1: 4095/5 = 819 → 0x333; τ = 0 → 0x7FF.
        byte[] data = new byte[8];

        Assert.True(MitMotorCodec.TryEncodeCommand(new MitMotorCommand(1f, 0f, 10f, 1f, 0f), MitMotorLimits.MiniCheetah, data));

        Assert.Equal("8A3C7FF0513337FF", Convert.ToHexString(data));
    }

    [Fact]
    public void BottomOfEveryRange_PacksToZeros_AndBeyondSaturates()
    {
        byte[] atMin = new byte[8];
        byte[] beyond = new byte[8];
        MitMotorLimits limits = MitMotorLimits.MiniCheetah;

        Assert.True(MitMotorCodec.TryEncodeCommand(new MitMotorCommand(-12.5f, -65f, 0f, 0f, -18f), limits, atMin));
        Assert.True(MitMotorCodec.TryEncodeCommand(new MitMotorCommand(-1e9f, float.NegativeInfinity, -3f, -1f, -100f), limits, beyond));

        Assert.Equal("0000000000000000", Convert.ToHexString(atMin));
        Assert.Equal(atMin, beyond);
    }

    [Theory]
    [InlineData(MitMotorSpecialCommand.EnterMotorMode, "FFFFFFFFFFFFFFFC")]
    [InlineData(MitMotorSpecialCommand.ExitMotorMode, "FFFFFFFFFFFFFFFD")]
    [InlineData(MitMotorSpecialCommand.SetZero, "FFFFFFFFFFFFFFFE")]
    public void SpecialFrames_AreByteExact_AndRecognised(MitMotorSpecialCommand command, string hex)
    {
        CanFrame frame = MitMotorCodec.CreateSpecialFrame(0x03, command);

        Assert.Equal(0x03u, frame.Id);
        Assert.False(frame.IsExtended);
        Assert.Equal(hex, Convert.ToHexString(frame.Data));
        Assert.True(MitMotorCodec.TryGetSpecialCommand(frame.Data, out MitMotorSpecialCommand back));
        Assert.Equal(command, back);
        Assert.False(MitMotorCodec.TryDecodeCommand(frame.Data, MitMotorLimits.MiniCheetah, out _));
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFB")]
    [InlineData("FFFFFFFFFFFFFFFF")]
    [InlineData("FFFFFFFFFFFFFEFC")]
    [InlineData("FFFFFFFFFFFFFF")]
    [InlineData("FFFFFFFFFFFFFFFCFF")]
    public void NotSpecialFrames_AreNotRecognised(string hex)
    {
        Assert.False(MitMotorCodec.TryGetSpecialCommand(Convert.FromHexString(hex), out _));
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Command_AtTopOfEveryRange_NeverCollidesWithSpecialFrames(string preset)
    {
        MitMotorLimits limits = Limits(preset);
        byte[] data = new byte[8];

        // Without the clamp kd at its maximum would be code 0xFFF, and with torque codes
        // 0xFFC..0xFFE the command would read FF FF FF FF FF FF FF FC..FE.
        Assert.Equal(0xFFF, MitMotorCodec.FloatToUInt(limits.KdMax, limits.KdMin, limits.KdMax, 12));

        Assert.True(MitMotorCodec.TryEncodeCommand(
            new MitMotorCommand(limits.PositionMaxRad, limits.VelocityMaxRadPerS, limits.KpMax, limits.KdMax, limits.TorqueMaxNm), limits, data));
        Assert.Equal("FFFFFFFFFFFFEFFF", Convert.ToHexString(data));

        // Sweep torque across its top steps and kd across and beyond its top with everything else saturated.
        float torqueStep = (limits.TorqueMaxNm - limits.TorqueMinNm) / 4095f;
        float kdStep = (limits.KdMax - limits.KdMin) / 4095f;
        for (int i = 0; i <= 400; i++)
        {
            float torque = limits.TorqueMaxNm - (torqueStep * 6f * i / 400f);
            for (int j = 0; j <= 20; j++)
            {
                float kd = limits.KdMax + (kdStep * (j - 10) / 4f);
                MitMotorCommand command = new(1e6f, 1e6f, 1e6f, kd, torque);
                Assert.True(MitMotorCodec.TryEncodeCommand(command, limits, data));
                Assert.False(MitMotorCodec.TryGetSpecialCommand(data, out _), $"kd {kd}, torque {torque} packed to {Convert.ToHexString(data)}");
                Assert.NotEqual(0xFF, data[6]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void RandomCommands_RoundTripWithinOneQuantisationStep(string preset)
    {
        MitMotorLimits limits = Limits(preset);
        Random random = new(4242); // fixed seed: a failing value is reproducible
        byte[] data = new byte[8];
        double positionStep = Step(limits.PositionMinRad, limits.PositionMaxRad, 16);
        double velocityStep = Step(limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, 12);
        double kpStep = Step(limits.KpMin, limits.KpMax, 12);
        double kdStep = Step(limits.KdMin, limits.KdMax, 12);
        double torqueStep = Step(limits.TorqueMinNm, limits.TorqueMaxNm, 12);
        double worstInSteps = 0;
        for (int i = 0; i < 20_000; i++)
        {
            MitMotorCommand command = new(
                Uniform(random, limits.PositionMinRad, limits.PositionMaxRad),
                Uniform(random, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS),
                Uniform(random, limits.KpMin, limits.KpMax),
                Uniform(random, limits.KdMin, limits.KdMax - (float)kdStep), // kd's top step is clamped away by design
                Uniform(random, limits.TorqueMinNm, limits.TorqueMaxNm));

            Assert.True(MitMotorCodec.TryEncodeCommand(command, limits, data));
            Assert.True(MitMotorCodec.TryDecodeCommand(data, limits, out MitMotorCommand back));

            worstInSteps = Math.Max(worstInSteps, StepsOff(command.PositionRad, back.PositionRad, positionStep));
            worstInSteps = Math.Max(worstInSteps, StepsOff(command.VelocityRadPerS, back.VelocityRadPerS, velocityStep));
            worstInSteps = Math.Max(worstInSteps, StepsOff(command.Kp, back.Kp, kpStep));
            worstInSteps = Math.Max(worstInSteps, StepsOff(command.Kd, back.Kd, kdStep));
            worstInSteps = Math.Max(worstInSteps, StepsOff(command.TorqueNm, back.TorqueNm, torqueStep));
        }

        Assert.True(worstInSteps < 1.0, $"worst round-trip error {worstInSteps:F6} steps");
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void RandomReplies_RoundTripWithinOneQuantisationStep_SixAndEightBytes(string preset)
    {
        MitMotorLimits limits = Limits(preset);
        Random random = new(777); // fixed seed
        byte[] data = new byte[8];
        double positionStep = Step(limits.PositionMinRad, limits.PositionMaxRad, 16);
        double velocityStep = Step(limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS, 12);
        double torqueStep = Step(limits.TorqueMinNm, limits.TorqueMaxNm, 12);
        for (int i = 0; i < 20_000; i++)
        {
            byte id = (byte)random.Next(1, 128);
            float p = Uniform(random, limits.PositionMinRad, limits.PositionMaxRad);
            float v = Uniform(random, limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS);
            float t = Uniform(random, limits.TorqueMinNm, limits.TorqueMaxNm);
            bool longForm = (i & 1) == 1;
            MitMotorReply reply = longForm
                ? new MitMotorReply(id, p, v, t, (byte)random.Next(256), (MitMotorFault)random.Next(7))
                : new MitMotorReply(id, p, v, t);

            int length = MitMotorCodec.EncodeReply(reply, limits, data);
            Assert.Equal(longForm ? 8 : 6, length);
            Assert.True(MitMotorCodec.TryDecodeReply(data.AsSpan(0, length), limits, out MitMotorReply back));

            Assert.Equal(id, back.MotorId);
            Assert.True(StepsOff(p, back.PositionRad, positionStep) < 1.0, $"p {p} -> {back.PositionRad} ({Convert.ToHexString(data)})");
            Assert.True(StepsOff(v, back.VelocityRadPerS, velocityStep) < 1.0, $"v {v} -> {back.VelocityRadPerS}");
            Assert.True(StepsOff(t, back.TorqueNm, torqueStep) < 1.0, $"t {t} -> {back.TorqueNm}");
            Assert.Equal(longForm, back.TryGetDiagnostics(out byte temperature, out MitMotorFault fault));
            if (longForm)
            {
                Assert.Equal(reply.TemperatureC, temperature);
                Assert.Equal(reply.Fault, fault);
            }
        }
    }

    [Fact]
    public void KnownReplies_DecodeSixAndEightBytes()
    {
        MitMotorLimits limits = MitMotorLimits.CubeMarsAK80_9;

        Assert.True(MitMotorCodec.TryDecodeReply(Convert.FromHexString("01FFFF800000"), limits, out MitMotorReply six));
        Assert.Equal(1, six.MotorId);
        Assert.Equal(12.5f, six.PositionRad);
        Assert.Equal(0.0122f, six.VelocityRadPerS, 0.0001f); // code 0x800: one step above mid-scale
        Assert.Equal(-18f, six.TorqueNm);
        Assert.False(six.TryGetDiagnostics(out _, out _));

        Assert.True(MitMotorCodec.TryDecodeReply(Convert.FromHexString("0200007FF7FF2D02"), limits, out MitMotorReply eight));
        Assert.Equal(2, eight.MotorId);
        Assert.Equal(-12.5f, eight.PositionRad);
        Assert.True(eight.TryGetDiagnostics(out byte temperature, out MitMotorFault fault));
        Assert.Equal(45, temperature);
        Assert.Equal(MitMotorFault.OverCurrent, fault);
        Assert.StartsWith("over current", fault.ToMessage());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(9)]
    public void Replies_OfOtherLengths_AreRejected(int length)
    {
        Assert.False(MitMotorCodec.TryDecodeReply(new byte[length], MitMotorLimits.MiniCheetah, out MitMotorReply reply));
        Assert.Equal(default, reply.MotorId);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void Commands_OfOtherLengths_AreRejected(int length)
    {
        Assert.False(MitMotorCodec.TryDecodeCommand(new byte[length], MitMotorLimits.MiniCheetah, out _));
    }

    [Fact]
    public void NaNField_IsRefused_AndNothingWritten()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7, 8];

        Assert.False(MitMotorCodec.TryEncodeCommand(new MitMotorCommand(0f, 0f, 0f, 0f, float.NaN), MitMotorLimits.MiniCheetah, data));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], data);
        Assert.False(MitMotorCodec.TryCreateCommandFrame(1, new MitMotorCommand(float.NaN, 0f, 0f, 0f, 0f), MitMotorLimits.MiniCheetah, out CanFrame frame));
        Assert.Equal(default, frame);
    }

    [Fact]
    public void CommandFrame_UsesMotorIdAsStandardCanId()
    {
        Assert.True(MitMotorCodec.TryCreateCommandFrame(0x7F, MitMotorCommand.Zero, MitMotorLimits.MiniCheetah, out CanFrame frame));

        Assert.Equal(0x7Fu, frame.Id);
        Assert.False(frame.IsExtended);
        Assert.Equal("7FFF7FF0000007FF", Convert.ToHexString(frame.Data));
    }

    [Fact]
    public void EncodeAndDecode_DoNotAllocate()
    {
        MitMotorLimits limits = MitMotorLimits.CubeMarsAK70_10;
        byte[] command = new byte[8];
        byte[] reply = new byte[8];
        MitMotorCommand set = new(0.5f, -1.25f, 30f, 0.8f, 2.5f);
        MitMotorReply state = new(3, 0.49f, -1.2f, 2.4f, 41, MitMotorFault.None);
        bool ok = true;
        float sum = 0;

        for (int i = 0; i < 200; i++)
        {
            ok &= RoundTrip(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            ok &= RoundTrip(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(ok);
        Assert.True(float.IsFinite(sum));
        Assert.Equal(0, allocated);

        bool RoundTrip(int i)
        {
            bool done = MitMotorCodec.TryEncodeCommand(set with { PositionRad = i * 1e-4f }, limits, command);
            done &= MitMotorCodec.TryDecodeCommand(command, limits, out MitMotorCommand decoded);
            done &= MitMotorCodec.TryCreateCommandFrame(1, decoded, limits, out CanFrame frame);
            done &= !MitMotorCodec.TryGetSpecialCommand(frame.Data, out _);
            int length = MitMotorCodec.EncodeReply(state, limits, reply);
            done &= MitMotorCodec.TryDecodeReply(reply.AsSpan(0, length), limits, out MitMotorReply back);
            sum += back.PositionRad + decoded.Kd;
            return done;
        }
    }

    [Theory]
    [InlineData(1f, 1f)]
    [InlineData(2f, 1f)]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, float.PositiveInfinity)]
    public void Limits_RejectEmptyOrNonFiniteRanges(float min, float max)
    {
        Assert.Throws<ArgumentException>(() => new MitMotorLimits(min, max, -1, 1, 0, 1, 0, 1, -1, 1));
        Assert.Throws<ArgumentException>(() => new MitMotorLimits(-1, 1, -1, 1, 0, 1, 0, 1, min, max));
    }

    private static MitMotorLimits Limits(string preset) => preset switch
    {
        "MiniCheetah" => MitMotorLimits.MiniCheetah,
        "AK60-6" => MitMotorLimits.CubeMarsAK60_6,
        "AK70-10" => MitMotorLimits.CubeMarsAK70_10,
        "AK80-9" => MitMotorLimits.CubeMarsAK80_9,
        "AK10-9" => MitMotorLimits.CubeMarsAK10_9,
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };

    /// <summary>
    /// Round-trip error in quantisation steps, after allowing for the float representation of the
    /// decoded value (half a unit in its last place): truncation can bring the exact error
    /// arbitrarily close to one step, and the decoded float then cannot sit closer to the grid value
    /// than its own rounding. Fails only if the codec is off by a whole code.
    /// </summary>
    private static double StepsOff(float sent, float received, double step)
    {
        double halfUlp = (MathF.BitIncrement(Math.Abs(received)) - Math.Abs(received)) / 2.0;
        return Math.Max(0, Math.Abs((double)sent - received) - halfUlp) / step;
    }

    private static double Step(float min, float max, int bits) => ((double)max - min) / ((1 << bits) - 1);

    private static float Uniform(Random random, float min, float max) => (float)(min + (random.NextDouble() * ((double)max - min)));
}
