using RobotEdge.Control.Drivers.Dynamixel.Registers;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

public class XSeriesRegistersTests
{
    [Fact]
    public void Control_table_matches_the_xm430_manual()
    {
        // e-Manual XM430-W350, Control Table of EEPROM Area / RAM Area.
        Assert.Equal(new DynamixelRegister(0, 2, false, true), XSeriesControlTable.ModelNumber);
        Assert.Equal(new DynamixelRegister(6, 1, false, true), XSeriesControlTable.FirmwareVersion);
        Assert.Equal(new DynamixelRegister(7, 1, true, true), XSeriesControlTable.Id);
        Assert.Equal(new DynamixelRegister(8, 1, true, true), XSeriesControlTable.BaudRate);
        Assert.Equal(new DynamixelRegister(9, 1, true, true), XSeriesControlTable.ReturnDelayTime);
        Assert.Equal(new DynamixelRegister(11, 1, true, true), XSeriesControlTable.OperatingMode);
        Assert.Equal(new DynamixelRegister(64, 1, true, false), XSeriesControlTable.TorqueEnable);
        Assert.Equal(new DynamixelRegister(70, 1, false, false), XSeriesControlTable.HardwareErrorStatus);
        Assert.Equal(new DynamixelRegister(102, 2, true, false), XSeriesControlTable.GoalCurrent);
        Assert.Equal(new DynamixelRegister(104, 4, true, false), XSeriesControlTable.GoalVelocity);
        Assert.Equal(new DynamixelRegister(112, 4, true, false), XSeriesControlTable.ProfileVelocity);
        Assert.Equal(new DynamixelRegister(116, 4, true, false), XSeriesControlTable.GoalPosition);
        Assert.Equal(new DynamixelRegister(126, 2, false, false), XSeriesControlTable.PresentCurrent);
        Assert.Equal(new DynamixelRegister(128, 4, false, false), XSeriesControlTable.PresentVelocity);
        Assert.Equal(new DynamixelRegister(132, 4, false, false), XSeriesControlTable.PresentPosition);
        Assert.Equal(new DynamixelRegister(146, 1, false, false), XSeriesControlTable.PresentTemperature);
    }

    [Fact]
    public void Present_current_velocity_and_position_are_contiguous_for_one_sync_read()
    {
        DynamixelRegister current = XSeriesControlTable.PresentCurrent;
        DynamixelRegister position = XSeriesControlTable.PresentPosition;

        Assert.Equal(current.Address + current.Size, XSeriesControlTable.PresentVelocity.Address);
        Assert.Equal(XSeriesControlTable.PresentVelocity.Address + XSeriesControlTable.PresentVelocity.Size, position.Address);
        Assert.Equal(10, position.Address + position.Size - current.Address);
    }

    [Theory]
    [InlineData(2048, Math.PI)]
    [InlineData(1024, Math.PI / 2)]
    [InlineData(4096, 2 * Math.PI)]
    [InlineData(-512, -Math.PI / 4)]
    public void Positions_convert_to_radians(int ticks, double radians)
    {
        Assert.Equal(radians, XSeriesUnits.PositionToRadians(ticks), 12);
        Assert.Equal(ticks, XSeriesUnits.RadiansToPosition(radians));
    }

    [Fact]
    public void One_position_tick_is_0_088_degrees()
    {
        Assert.Equal(0.088, XSeriesUnits.DegreesPerPositionTick, 3);
    }

    [Fact]
    public void Velocity_unit_is_0_229_rpm()
    {
        // 100 units = 22.9 rpm = 22.9 × 2π / 60 rad/s.
        Assert.Equal(22.9 * 2 * Math.PI / 60, XSeriesUnits.VelocityToRadiansPerSecond(100), 12);
        Assert.Equal(-100, XSeriesUnits.RadiansPerSecondToVelocity(-22.9 * 2 * Math.PI / 60));
    }

    [Fact]
    public void Current_converts_with_the_models_unit()
    {
        Assert.Equal(1.00068, XSeriesUnits.CurrentToAmps(372, XSeriesUnits.Xm430MilliampsPerCurrentUnit), 5);
        Assert.Equal(372, XSeriesUnits.AmpsToCurrent(1.0, XSeriesUnits.Xm430MilliampsPerCurrentUnit));
        Assert.Equal(short.MaxValue, XSeriesUnits.AmpsToCurrent(1e6, XSeriesUnits.Xm430MilliampsPerCurrentUnit));
    }

    [Fact]
    public void Nan_is_never_turned_into_a_command()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => XSeriesUnits.RadiansToPosition(double.NaN));
        Assert.Equal(int.MaxValue, XSeriesUnits.RadiansToPosition(double.PositiveInfinity));
    }

    [Fact]
    public void Hardware_error_status_describes_each_bit()
    {
        string text = (HardwareErrorStatus.Overheating | HardwareErrorStatus.Overload).Describe();

        Assert.Contains("overheating", text);
        Assert.Contains("overload", text);
        Assert.DoesNotContain("encoder", text);
        Assert.Contains("reboot", text);
        Assert.Equal("no hardware error", HardwareErrorStatus.None.Describe());
        Assert.Contains("0x02", ((HardwareErrorStatus)0x02).Describe());
    }

    [Theory]
    [InlineData(0, 9_600)]
    [InlineData(1, 57_600)]
    [InlineData(3, 1_000_000)]
    [InlineData(6, 4_000_000)]
    [InlineData(7, 4_500_000)]
    public void Baud_rate_values_map_to_rates(byte value, int bitsPerSecond)
    {
        Assert.True(XSeriesBaudRates.TryGetBitsPerSecond(value, out int rate));
        Assert.Equal(bitsPerSecond, rate);
        Assert.True(XSeriesBaudRates.TryGetValue(bitsPerSecond, out byte back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Unknown_baud_rates_are_reported_not_guessed()
    {
        Assert.False(XSeriesBaudRates.TryGetBitsPerSecond(8, out _));
        Assert.False(XSeriesBaudRates.TryGetValue(250_000, out _));
    }
}
