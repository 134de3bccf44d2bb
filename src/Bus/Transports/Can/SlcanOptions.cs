namespace RobotEdge.Bus.Transports.Can;

/// <summary>How <see cref="SlcanTransport.Open"/> sets up the adapter.</summary>
public sealed class SlcanOptions
{
    /// <summary>CAN bitrate (<c>Sn</c>). Default 1 Mbit/s.</summary>
    public SlcanBitrate Bitrate { get; init; } = SlcanBitrate.Mbit1;

    /// <summary>
    /// Ask the adapter for receive timestamps (<c>Z1</c>, Lawicel); when false it is told <c>Z0</c>
    /// (Lawicel adapters keep the setting in EEPROM). The receiver then accepts frame lines only in the
    /// form asked for. With true, adapters without the command answer BELL and
    /// <see cref="SlcanTransport.Open"/> fails. Default false.
    /// </summary>
    public bool Timestamps { get; init; }

    /// <summary>Open the channel listen-only (<c>L</c> instead of <c>O</c>): no acknowledgements, no transmits. Default false.</summary>
    public bool ListenOnly { get; init; }

    /// <summary>How long to wait for the adapter's reply to each set-up command, milliseconds. Default 500 ms.</summary>
    public int CommandTimeoutMs { get; init; } = 500;
}
