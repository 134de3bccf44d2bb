using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;

namespace RobotEdge.Control.Tests.Safety;

/// <summary>Position, velocity and effort limits hold whatever the command came from.</summary>
public class SafetyLimitTests
{
    [Fact]
    public void PlannerAndOperatorGoalsBeyondTheLimitsNeverTakeAJointOutside()
    {
        using var rig = new SafetyRig();
        double maxCommandSpeed = 0, maxTrueSpeed = 0;
        void Check()
        {
            ref readonly JointCommand c = ref rig.Loop.LastCommand;
            JointState truth = rig.Truth;
            for (int i = 0; i < 2; i++)
            {
                Assert.InRange(c.PositionsRad[i], rig.Limits.LowerRad[i], rig.Limits.UpperRad[i]);
                Assert.InRange(truth.PositionsRad[i], rig.Limits.LowerRad[i], rig.Limits.UpperRad[i]);
                maxCommandSpeed = Math.Max(maxCommandSpeed, Math.Abs(c.VelocitiesRadPerS[i]));
                maxTrueSpeed = Math.Max(maxTrueSpeed, Math.Abs(truth.VelocitiesRadPerS[i]));
            }
        }

        // Planner (auto mode) asks for far beyond both upper/lower limits.
        for (int i = 0; i < 1500; i++)
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(10, -10);
            }

            rig.Step();
            Check();
        }

        Assert.Equal(2.6, rig.Truth.PositionsRad[0], 3);
        Assert.Equal(-1.2, rig.Truth.PositionsRad[1], 3);

        // Operator (manual mode) asks for the opposite corner.
        rig.Safety.RequestMode(SafetyMode.Manual);
        for (int i = 0; i < 2000; i++)
        {
            if (i % 25 == 0)
            {
                rig.PublishManual(-10, 10);
            }

            rig.Step();
            Check();
        }

        Assert.Equal(-2.6, rig.Truth.PositionsRad[0], 3);
        Assert.Equal(1.2, rig.Truth.PositionsRad[1], 3);
        Assert.InRange(maxCommandSpeed, 2.9, 3.0); // it did go flat out, and never faster
        Assert.True(maxTrueSpeed <= 3.0 + 1e-9, $"true speed {maxTrueSpeed}");
    }

    [Fact]
    public void EnforceBoundsAnyCommandWhateverProducedIt()
    {
        using var rig = new SafetyRig(initialRad: [2.6, 0.0]); // pan pressed against its upper limit
        rig.Step();
        long limitedBefore = rig.Safety.LimitedCommandCount;

        var command = new JointCommand { JointCount = 2 };
        command.PositionsRad[0] = 5.0;            // beyond the upper limit
        command.VelocitiesRadPerS[0] = 1.0;       // outward at the limit
        command.EffortsNm[0] = 40;                // over the 1.5 N·m effort limit
        command.PositionsRad[1] = double.NaN;     // garbage
        command.VelocitiesRadPerS[1] = -250;      // far over the velocity limit
        command.EffortsNm[1] = double.NegativeInfinity;
        rig.Safety.Enforce(ref command);

        Assert.Equal(2.6, command.PositionsRad[0]);
        Assert.Equal(0.0, command.VelocitiesRadPerS[0]);
        Assert.Equal(1.5, command.EffortsNm[0]);
        Assert.Equal(rig.Truth.PositionsRad[1], command.PositionsRad[1], 9); // NaN position: hold where it is
        Assert.Equal(-3.0, command.VelocitiesRadPerS[1]);
        Assert.Equal(0.0, command.EffortsNm[1]);
        Assert.Equal(limitedBefore + 1, rig.Safety.LimitedCommandCount);

        // An in-range command passes untouched and is not counted.
        var fine = new JointCommand { JointCount = 2 };
        fine.PositionsRad[0] = 1.0;
        fine.VelocitiesRadPerS[0] = -1.0;
        fine.EffortsNm[1] = -1.0;
        JointCommand copy = fine;
        rig.Safety.Enforce(ref fine);
        Assert.Equal(copy.PositionsRad[0], fine.PositionsRad[0]);
        Assert.Equal(copy.VelocitiesRadPerS[0], fine.VelocitiesRadPerS[0]);
        Assert.Equal(copy.EffortsNm[1], fine.EffortsNm[1]);
        Assert.Equal(limitedBefore + 1, rig.Safety.LimitedCommandCount);
    }

    [Fact]
    public void GoalsOfTheInactiveSourceAreIgnored()
    {
        using var rig = new SafetyRig();
        // Auto mode: the operator's goal must not move the robot.
        for (int i = 0; i < 500; i++)
        {
            if (i % 25 == 0)
            {
                rig.PublishManual(1.0, 0.5);
            }

            rig.Step();
        }

        Assert.Equal(0.0, rig.Truth.PositionsRad[0], 9);
        // Manual mode: the planner's goal must not move it either.
        rig.Safety.RequestMode(SafetyMode.Manual);
        for (int i = 0; i < 500; i++)
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(1.0, 0.5);
            }

            rig.Step();
        }

        Assert.Equal(0.0, rig.Truth.PositionsRad[0], 9);
        Assert.Equal(MotionState.Running, rig.Safety.Motion);
    }
}
