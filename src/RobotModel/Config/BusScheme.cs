namespace RobotEdge.RobotModel.Config;

/// <summary>The kind of actuator bus a <see cref="BusUri"/> names.</summary>
public enum BusScheme
{
    /// <summary><c>sim</c>: in-memory simulated joints.</summary>
    Sim,

    /// <summary><c>sim-dynamixel</c>: virtual DYNAMIXEL X servos on a pseudo-terminal (simulator only).</summary>
    SimDynamixel,

    /// <summary><c>sim-feetech</c>: virtual FEETECH STS3215 servos on a pseudo-terminal (simulator only).</summary>
    SimFeetech,

    /// <summary><c>sim-slcan</c>: virtual MIT-mode motors behind a virtual SLCAN adapter on a pseudo-terminal (simulator only).</summary>
    SimSlcan,

    /// <summary><c>dynamixel:&lt;port&gt;@&lt;baud&gt;</c>: DYNAMIXEL X servos, Protocol 2.0, on a serial port.</summary>
    Dynamixel,

    /// <summary><c>feetech:&lt;port&gt;@&lt;baud&gt;</c>: FEETECH STS servos on a serial port.</summary>
    Feetech,

    /// <summary><c>slcan:&lt;port&gt;@&lt;baud&gt;[/&lt;canBitrate&gt;]</c>: MIT-mode CAN motors behind a USB SLCAN adapter.</summary>
    Slcan,

    /// <summary><c>socketcan:&lt;ifname&gt;</c>: MIT-mode CAN motors on a Linux SocketCAN interface.</summary>
    SocketCan,
}
