using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Sim.Actuators;

namespace RobotEdge.Sim.Tests;

public class SimulatedActuatorBusTests
{
    private static SimulatedActuatorBus Create(LockstepClock clock, double tauS = 0.02) =>
        new(clock, [-1.0], [1.0], [2.0], tauS, [0.0]);

    [Fact]
    public void VelocityFollowsTheCommandWithFirstOrderDynamics()
    {
        var clock = new LockstepClock();
        using var bus = Create(clock);
        var command = new JointCommand { JointCount = 1 };
        command.VelocitiesRadPerS[0] = 1.0;
        bus.Write(command);

        clock.Advance(20_000_000); // one time constant
        var state = default(JointState);
        bus.TryRead(ref state);

        Assert.Equal(1 - Math.Exp(-1), state.VelocitiesRadPerS[0], 9);
        // Position = ∫ v dt = t − τ(1 − e^(−t/τ)). The simulator integrates position by Euler steps of
        // 0.5 ms with the end-of-step velocity, which overshoots by about Δt/2 · v = 0.16 mrad here.
        double exact = 0.02 - 0.02 * (1 - Math.Exp(-1));
        Assert.InRange(state.PositionsRad[0] - exact, 0, 2.5e-4);
    }

    [Fact]
    public void VelocityAndPositionLimitsHold()
    {
        var clock = new LockstepClock();
        using var bus = Create(clock);
        var command = new JointCommand { JointCount = 1 };
        command.VelocitiesRadPerS[0] = 50.0; // far over the 2 rad/s limit
        bus.Write(command);
        var state = default(JointState);
        double maxSpeed = 0;
        for (int i = 0; i < 2000; i++)
        {
            clock.Advance(1_000_000);
            bus.TryRead(ref state);
            maxSpeed = Math.Max(maxSpeed, Math.Abs(state.VelocitiesRadPerS[0]));
        }

        Assert.True(maxSpeed <= 2.0 + 1e-12, $"speed {maxSpeed} over the limit");
        Assert.Equal(1.0, state.PositionsRad[0]);  // stopped at the upper limit
        Assert.Equal(0.0, state.VelocitiesRadPerS[0]);
    }

    [Fact]
    public void NonFiniteCommandsAreIgnored()
    {
        var clock = new LockstepClock();
        using var bus = Create(clock);
        var command = new JointCommand { JointCount = 1 };
        command.VelocitiesRadPerS[0] = double.NaN;
        bus.Write(command);
        clock.Advance(100_000_000);
        var state = default(JointState);
        bus.TryRead(ref state);
        Assert.Equal(0.0, state.PositionsRad[0]);
    }
}
