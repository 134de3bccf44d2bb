namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// The CAN bitrates selectable with the Lawicel <c>Sn</c> command; the value is <c>n</c>.
/// </summary>
/// <remarks>
/// <c>S7</c> is 800 kbit/s here, as in Lawicel's CANUSB/CAN232 manuals and the Linux <c>slcan</c>
/// driver. The original CANable 1.0/2.0 firmware (normaldotcom) runs <c>S7</c> at 750 kbit/s; later
/// CANable forks switched to 800. Every other code agrees across adapters, so a bus meant to run on
/// any SLCAN adapter should avoid <c>S7</c>; <see cref="SlcanCodec.GetBitsPerSecond"/> reports 800,000.
/// </remarks>
public enum SlcanBitrate
{
    /// <summary>S0: 10 kbit/s.</summary>
    Kbit10 = 0,

    /// <summary>S1: 20 kbit/s.</summary>
    Kbit20 = 1,

    /// <summary>S2: 50 kbit/s.</summary>
    Kbit50 = 2,

    /// <summary>S3: 100 kbit/s.</summary>
    Kbit100 = 3,

    /// <summary>S4: 125 kbit/s.</summary>
    Kbit125 = 4,

    /// <summary>S5: 250 kbit/s.</summary>
    Kbit250 = 5,

    /// <summary>S6: 500 kbit/s.</summary>
    Kbit500 = 6,

    /// <summary>S7: 800 kbit/s (Lawicel, Linux slcan); 750 kbit/s on original CANable firmware.</summary>
    Kbit800 = 7,

    /// <summary>S8: 1 Mbit/s, what MIT-mode motors usually run at.</summary>
    Mbit1 = 8,
}
