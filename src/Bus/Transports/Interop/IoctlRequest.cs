using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// ioctl request numbers (asm-generic/ioctls.h, linux/sockios.h). The encoded ones follow the
/// asm-generic <c>_IOC</c> layout (direction in bits 30–31, size in 16–29, type in 8–15, number in
/// 0–7), which x86, x86-64, ARM, ARM64 and RISC-V share; PowerPC, MIPS, SPARC and Alpha differ and
/// are refused by <see cref="EnsureSupportedPlatform"/>.
/// </summary>
internal static class IoctlRequest
{
    /// <summary><c>_IOR('T', 0x2A, struct termios2)</c>.</summary>
    public const uint TCGETS2 = (2u << 30) | ((uint)Termios2.Size << 16) | ('T' << 8) | 0x2A;

    /// <summary><c>_IOW('T', 0x2B, struct termios2)</c>: apply now (like <c>TCSANOW</c>).</summary>
    public const uint TCSETS2 = (1u << 30) | ((uint)Termios2.Size << 16) | ('T' << 8) | 0x2B;

    /// <summary>Put the tty in exclusive mode: further opens fail with EBUSY (except for CAP_SYS_ADMIN).</summary>
    public const uint TIOCEXCL = 0x540C;

    /// <summary>Leave exclusive mode.</summary>
    public const uint TIOCNXCL = 0x540D;

    /// <summary>Interface name to index, on a socket, through <c>struct ifreq</c>.</summary>
    public const uint SIOCGIFINDEX = 0x8933;

    /// <summary>
    /// Throws <see cref="PlatformNotSupportedException"/> unless this is Linux on an architecture
    /// using the asm-generic termios and ioctl layout.
    /// </summary>
    public static void EnsureSupportedPlatform()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("RobotEdge serial and CAN transports use Linux termios and SocketCAN; this OS is not Linux.");
        }

        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.X64:
            case Architecture.X86:
            case Architecture.Arm64:
            case Architecture.Arm:
            case Architecture.RiscV64:
            case Architecture.LoongArch64:
                return;
            default:
                throw new PlatformNotSupportedException(
                    $"The termios/ioctl constants compiled in are the asm-generic ones; {RuntimeInformation.ProcessArchitecture} uses a different layout.");
        }
    }
}
