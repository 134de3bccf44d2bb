namespace RobotEdge.Bus.Transports.Interop;

/// <summary>SocketCAN constants (bits/socket.h, linux/can.h, linux/can/raw.h).</summary>
internal static class SocketCanNative
{
    /// <summary>Protocol family of CAN sockets (<c>PF_CAN</c> = <c>AF_CAN</c>).</summary>
    public const int PF_CAN = 29;

    /// <summary>Raw CAN protocol.</summary>
    public const int CAN_RAW = 1;

    /// <summary><c>SOL_CAN_BASE + CAN_RAW</c>: the socket-option level of raw CAN sockets.</summary>
    public const int SOL_CAN_RAW = 101;

    public const int CAN_RAW_FILTER = 1;
    public const int CAN_RAW_ERR_FILTER = 2;
    public const int CAN_RAW_RECV_OWN_MSGS = 4;

    /// <summary>Interface names are at most 15 characters plus the terminating NUL (<c>IFNAMSIZ</c>).</summary>
    public const int IFNAMSIZ = 16;

    /// <summary>Size of <c>struct can_filter</c>: two 32-bit words.</summary>
    public const int CanFilterSize = 8;
}
