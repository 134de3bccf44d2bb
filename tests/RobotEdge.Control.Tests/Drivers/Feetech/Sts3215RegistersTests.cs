using RobotEdge.Control.Drivers.Feetech;
using RobotEdge.Control.Drivers.Feetech.Registers;

namespace RobotEdge.Control.Tests.Drivers.Feetech;

public class Sts3215RegistersTests
{
    [Fact]
    public void Memory_table_matches_the_sts_series_table()
    {
        Assert.Equal((5, 1), Of(Sts3215ControlTable.Id));
        Assert.Equal((6, 1), Of(Sts3215ControlTable.BaudRate));
        Assert.Equal((9, 2), Of(Sts3215ControlTable.MinAngleLimit));
        Assert.Equal((11, 2), Of(Sts3215ControlTable.MaxAngleLimit));
        Assert.Equal((40, 1), Of(Sts3215ControlTable.TorqueEnable));
        Assert.Equal((41, 1), Of(Sts3215ControlTable.Acceleration));
        Assert.Equal((42, 2), Of(Sts3215ControlTable.GoalPosition));
        Assert.Equal((44, 2), Of(Sts3215ControlTable.GoalTime));
        Assert.Equal((46, 2), Of(Sts3215ControlTable.GoalSpeed));
        Assert.Equal((55, 1), Of(Sts3215ControlTable.Lock));
        Assert.Equal((56, 2), Of(Sts3215ControlTable.PresentPosition));
        Assert.Equal((58, 2), Of(Sts3215ControlTable.PresentSpeed));
        Assert.Equal((60, 2), Of(Sts3215ControlTable.PresentLoad));
        Assert.Equal((62, 1), Of(Sts3215ControlTable.PresentVoltage));
        Assert.Equal((63, 1), Of(Sts3215ControlTable.PresentTemperature));
        Assert.Equal((66, 1), Of(Sts3215ControlTable.Moving));
        Assert.Equal((69, 2), Of(Sts3215ControlTable.PresentCurrent));
    }

    [Fact]
    public void Present_position_speed_and_load_are_contiguous_for_one_sync_read()
    {
        Assert.Equal(Sts3215ControlTable.PresentPosition.Address + 2, Sts3215ControlTable.PresentSpeed.Address);
        Assert.Equal(Sts3215ControlTable.PresentSpeed.Address + 2, Sts3215ControlTable.PresentLoad.Address);
    }

    [Fact]
    public void Position_and_speed_convert_to_si()
    {
        Assert.Equal(Math.PI, Sts3215Units.PositionToRadians(2048), 12);
        Assert.Equal(2048, Sts3215Units.RadiansToPosition(Math.PI));
        Assert.Equal(4095, Sts3215Units.RadiansToPosition(10));
        Assert.Equal(0, Sts3215Units.RadiansToPosition(-1));

        // 50 ticks/s = 0.732 rpm.
        Assert.Equal(0.732 * 2 * Math.PI / 60, Sts3215Units.SpeedToRadiansPerSecond(50), 4);
        Assert.Equal(-4096, Sts3215Units.RadiansPerSecondToSpeed(-2 * Math.PI));
        Assert.Equal(Sts3215Units.MaxSpeedMagnitude, Sts3215Units.RadiansPerSecondToSpeed(1e9));
    }

    [Fact]
    public void Present_speed_from_the_wire_decodes_through_sign_and_magnitude()
    {
        byte[] parameters = [0x00, 0x08, 0x64, 0x80, 0xF4, 0x05];

        Assert.True(FeetechRegisterCodec.Sts.TryReadSignMagnitude(parameters, 2, Sts3215Units.SpeedSignBit, out int speed));
        Assert.True(FeetechRegisterCodec.Sts.TryReadSignMagnitude(parameters, 4, Sts3215Units.LoadSignBit, out int load));

        Assert.Equal(-100, speed);
        Assert.Equal(-0.5, Sts3215Units.LoadToFraction(load), 12);
    }

    [Fact]
    public void Current_and_voltage_convert_to_si()
    {
        Assert.Equal(0.65, Sts3215Units.CurrentToAmps(100), 12);
        Assert.Equal(12.1, Sts3215Units.VoltageToVolts(121), 12);
    }

    [Theory]
    [InlineData(0, 1_000_000)]
    [InlineData(4, 115_200)]
    [InlineData(5, 76_800)]
    [InlineData(6, 57_600)]
    [InlineData(7, 38_400)]
    public void Baud_rate_table_follows_the_vendor(byte value, int bitsPerSecond)
    {
        Assert.True(FeetechBaudRates.TryGetBitsPerSecond(value, out int rate));
        Assert.Equal(bitsPerSecond, rate);
        Assert.True(FeetechBaudRates.TryGetValue(bitsPerSecond, out byte back));
        Assert.Equal(value, back);
        Assert.False(FeetechBaudRates.TryGetValue(19_200, out _));
    }

    private static (int Address, int Size) Of(FeetechRegister register) => (register.Address, register.Size);
}
