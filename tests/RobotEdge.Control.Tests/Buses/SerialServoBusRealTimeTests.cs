using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>The control-thread side never waits on the port and never allocates; nor does a steady-state cycle.</summary>
public sealed class SerialServoBusRealTimeTests
{
    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Write_and_TryRead_allocate_nothing_and_never_wait_for_a_cycle(ServoProtocol protocol)
    {
        using ServoBusRig rig = ServoBusRig.Create(protocol, 4, MonotonicClock.Instance, cycleTimeoutMs: 500);
        rig.Bus.Start();
        var command = new JointCommand { JointCount = 4 };
        var state = default(JointState);
        for (int i = 0; i < 1000; i++)
        {
            rig.Bus.Write(command);
            rig.Bus.TryRead(ref state);
        }

        SpinWait.SpinUntil(() => rig.Bus.CycleCount > 2, 10_000);

        // Silence the servos: every cycle now blocks the I/O thread for the 500 ms reply timeout. Had
        // Write or TryRead waited on the port, 10,000 calls would need thousands of cycles.
        for (byte id = 1; id <= 4; id++)
        {
            rig.Chain.SetPresent(id, false);
        }

        // Steady state is after the JIT has settled: on a loaded machine the tier-1 recompilation of
        // these methods can land inside a window and allocate once on this thread (2,064 B seen under a
        // CPU hog). Up to 5 windows of 10,000 calls; an allocation per call would show in every one.
        long allocated = -1;
        for (int window = 0; window < 5 && allocated != 0; window++)
        {
            long cyclesBefore = rig.Bus.CycleCount;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                command.PositionsRad[0] = i * 1e-4;
                rig.Bus.Write(command);
                rig.Bus.TryRead(ref state);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long cyclesDuring = rig.Bus.CycleCount - cyclesBefore;
            Assert.True(cyclesDuring <= 1, $"{cyclesDuring} cycles completed during the calls");
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Steady_state_cycle_allocates_nothing(ServoProtocol protocol)
    {
        var clock = new LockstepClock();
        // A generous reply timeout: on a loaded machine a late reply would read as a missed one, and
        // the fault bookkeeping that follows (its message text) is allowed to allocate.
        using ServoBusRig rig = ServoBusRig.Create(protocol, 6, clock, cycleTimeoutMs: 500);
        var command = new JointCommand { JointCount = 6 };
        var state = default(JointState);
        for (int i = 0; i < 100; i++)
        {
            clock.Advance(1_000_000);
            rig.Bus.Write(command);
            rig.Bus.PumpCycle();
            rig.Bus.TryRead(ref state);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            clock.Advance(1_000_000);
            command.PositionsRad[i % 6] = 0.001 * i;
            rig.Bus.Write(command);
            Assert.True(rig.Bus.PumpCycle());
            Assert.True(rig.Bus.TryRead(ref state));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }
}
