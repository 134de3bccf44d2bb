using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Actuators;

namespace RobotEdge.Control.Tests.Loop;

/// <summary>
/// Every command carries the frame of the perception goal it tracks, so that the bus can mark the
/// first write of each frame: the end of its capture → wire latency. A stop carries none.
/// </summary>
public sealed class ControlLoopSourceFrameTests
{
    private const double RateHz = 500;
    private const long PeriodNs = 2_000_000;

    [Fact]
    public void Commands_carry_the_tracked_frame_until_the_next_and_a_stop_carries_none()
    {
        var clock = new LockstepClock();
        var limits = new JointLimitSet([-2.6, -1.2], [2.6, 1.2], [3.0, 3.0], [1.5, 1.5]);
        using var bus = new SimulatedActuatorBus(clock, limits.LowerRad, limits.UpperRad, limits.MaxVelocityRadPerS, 0.015, [0.0, 0.0]);
        var goals = new LatestMailbox<JointGoal>();
        var safety = new SafetySupervisor(limits, new SafetyConfig(), RateHz);
        var loop = new ControlLoop(bus, goals, new JointTrackingController(limits, new ControlConfig()), RateHz, safety);
        long tick = 0;
        void Step()
        {
            clock.AdvanceTo(tick++ * PeriodNs);
            loop.Tick(clock.NowNs);
        }

        void Publish(long sequence) => goals.Publish(new JointGoal
        {
            Stamp = new FrameStamp(sequence, clock.NowNs, MonotonicClock.GetTimestampNs()),
            JointCount = 2,
            PositionsRad = JointVector.From([0.1 * sequence, 0.05]),
        });

        // Before any goal: nothing to carry.
        Step();
        Assert.False(loop.LastCommand.HasSourceFrame);

        // Frames 0–9, one every 17 ticks (30 goals/s at 500 Hz): each command carries the newest.
        for (long frame = 0; frame < 10; frame++)
        {
            Publish(frame);
            for (int i = 0; i < 17; i++)
            {
                Step();
                Assert.True(loop.LastCommand.HasSourceFrame);
                Assert.Equal(frame, loop.LastCommand.SourceFrame.Sequence);
            }
        }

        safety.RequestMode(SafetyMode.Stopped);
        Publish(10);
        Step();
        Assert.False(loop.LastCommand.HasSourceFrame);

        // The bus recorded each frame's first write once, in order, and every write.
        WireTimeline timeline = Assert.Single(bus.WireTimelines);
        var firsts = new List<long>();
        long writes = 0;
        while (timeline.TryRead(out WireWrite write))
        {
            Assert.Equal(writes++, write.Index);
            if (write.FirstForFrame)
            {
                firsts.Add(write.Frame.Sequence);
            }
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), firsts);
        Assert.Equal(tick, writes);
    }
}
