namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// Error classes of a SocketCAN error frame (linux/can/error.h), carried in <see cref="CanFrame.Id"/>
/// when <see cref="CanFrame.IsError"/>; also the mask of classes to receive
/// (<see cref="SocketCanOptions.ErrorMask"/>).
/// </summary>
[Flags]
public enum CanErrorFlags : uint
{
    /// <summary>No error class.</summary>
    None = 0,

    /// <summary>Transmission timed out in the network device driver.</summary>
    TxTimeout = 0x001,

    /// <summary>Arbitration lost; bit position in data[0].</summary>
    LostArbitration = 0x002,

    /// <summary>Controller problem (overflow, error-warning or error-passive); detail in data[1].</summary>
    Controller = 0x004,

    /// <summary>Protocol violation (bit, form, stuff error); detail in data[2..3].</summary>
    Protocol = 0x008,

    /// <summary>Transceiver status (wiring faults); detail in data[4].</summary>
    Transceiver = 0x010,

    /// <summary>No node acknowledged a transmission: nobody else on the bus, or wrong bitrate.</summary>
    NoAck = 0x020,

    /// <summary>The controller went bus-off after too many errors.</summary>
    BusOff = 0x040,

    /// <summary>Bus error; may flood, so not in <see cref="Default"/>.</summary>
    BusError = 0x080,

    /// <summary>The controller restarted after bus-off.</summary>
    Restarted = 0x100,

    /// <summary>The classes worth reporting by default: everything except the flood-prone <see cref="BusError"/>.</summary>
    Default = TxTimeout | LostArbitration | Controller | Protocol | Transceiver | NoAck | BusOff | Restarted,
}
