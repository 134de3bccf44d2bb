namespace RobotEdge.Bus.Transports.Interop;

/// <summary>Flags for <c>open(2)</c>, <c>fcntl(2)</c>, <c>flock(2)</c> and <c>socket(2)</c> (asm-generic/fcntl.h, sys/file.h, bits/socket_type.h).</summary>
internal static class OpenFlags
{
    public const int O_RDWR = 0x2;

    /// <summary>Do not make the device the controlling terminal of this process.</summary>
    public const int O_NOCTTY = 0x100;

    public const int O_NONBLOCK = 0x800;

    public const int O_CLOEXEC = 0x80000;

    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int FD_CLOEXEC = 1;

    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    public const int SOCK_RAW = 3;
    public const int SOCK_NONBLOCK = O_NONBLOCK;
    public const int SOCK_CLOEXEC = O_CLOEXEC;
}
