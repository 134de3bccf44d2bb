namespace RobotEdge.Sim.Devices;

/// <summary>
/// One virtual servo: its control table and a first-order position servo model (shaft velocity
/// <c>(goal − position) / τ</c>, limited to the maximum velocity), as in
/// <see cref="Actuators.SimulatedActuatorBus"/> but driven by a goal position. Physics and table
/// belong to the chain's device thread; <see cref="Present"/> and <see cref="HardwareErrorBits"/>
/// are set by any thread.
/// </summary>
internal sealed class VirtualServo
{
    /// <summary>Creates servo <paramref name="id"/> at rest at <paramref name="initialRad"/>, holding that position as its goal, torque off.</summary>
    public VirtualServo(byte id, double initialRad)
    {
        Id = id;
        PositionRad = initialRad;
        GoalRad = initialRad;
    }

    /// <summary>Bus id.</summary>
    public byte Id { get; }

    /// <summary>The control table (Dynamixel) or memory table (Feetech), indexed by address.</summary>
    public byte[] Table { get; } = new byte[256];

    /// <summary>Shaft angle, radians (absolute encoder angle). Device thread.</summary>
    public double PositionRad { get; private set; }

    /// <summary>Shaft velocity, rad/s. Device thread.</summary>
    public double VelocityRadPerS { get; private set; }

    /// <summary>Goal angle, radians. Device thread.</summary>
    public double GoalRad { get; set; }

    /// <summary>Torque enabled: only then does the shaft follow the goal. Device thread.</summary>
    public bool TorqueOn { get; set; }

    /// <summary>Whether the servo is on the bus; an absent servo hears and answers nothing. Any thread.</summary>
    public volatile bool Present = true;

    /// <summary>Hardware error bits to report; non-zero also switches torque off, as the default shutdown setting does. Any thread.</summary>
    public volatile byte HardwareErrorBits;

    /// <summary>Advances the shaft by <paramref name="dtS"/> seconds. Device thread.</summary>
    public void Step(double dtS, double timeConstantS, double maxVelocityRadPerS)
    {
        if (HardwareErrorBits != 0)
        {
            TorqueOn = false;
        }

        double v = TorqueOn ? Math.Clamp((GoalRad - PositionRad) / timeConstantS, -maxVelocityRadPerS, maxVelocityRadPerS) : 0;

        // Never step past the goal: the first-order law approaches it, it does not overshoot.
        double step = v * dtS;
        if (Math.Abs(step) > Math.Abs(GoalRad - PositionRad))
        {
            step = GoalRad - PositionRad;
        }

        PositionRad += step;
        VelocityRadPerS = v;
    }
}
