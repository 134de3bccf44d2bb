namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// termios flag bits and indices (asm-generic/termbits.h and termbits-common.h; the same on x86,
/// x86-64, ARM, ARM64 and RISC-V).
/// </summary>
internal static class TermiosFlags
{
    // c_cflag
    public const uint CBAUD = 0x0000100F;
    public const uint CSIZE = 0x00000030;
    public const uint CS8 = 0x00000030;
    public const uint CSTOPB = 0x00000040;
    public const uint CREAD = 0x00000080;
    public const uint PARENB = 0x00000100;
    public const uint PARODD = 0x00000200;
    public const uint CLOCAL = 0x00000800;
    public const uint BOTHER = 0x00001000;
    public const uint CMSPAR = 0x40000000;
    public const uint CRTSCTS = 0x80000000;

    /// <summary>Input-speed field of c_cflag (<c>CBAUD &lt;&lt; IBSHIFT</c>); zero means "same as output".</summary>
    public const uint CIBAUD = 0x100F0000;

    // c_cc indices
    public const int VTIME = 5;
    public const int VMIN = 6;

    // tcflush queues
    public const int TCIFLUSH = 0;
    public const int TCOFLUSH = 1;

    /// <summary>
    /// The <c>Bxxx</c> code for rates that have one, or false for rates that must go through
    /// <see cref="BOTHER"/>.
    /// </summary>
    public static bool TryGetStandardBaudCode(int baudRate, out uint code)
    {
        code = baudRate switch
        {
            50 => 0x1,
            75 => 0x2,
            110 => 0x3,
            134 => 0x4,
            150 => 0x5,
            200 => 0x6,
            300 => 0x7,
            600 => 0x8,
            1200 => 0x9,
            1800 => 0xA,
            2400 => 0xB,
            4800 => 0xC,
            9600 => 0xD,
            19200 => 0xE,
            38400 => 0xF,
            57600 => 0x1001,
            115200 => 0x1002,
            230400 => 0x1003,
            460800 => 0x1004,
            500000 => 0x1005,
            576000 => 0x1006,
            921600 => 0x1007,
            1000000 => 0x1008,
            1152000 => 0x1009,
            1500000 => 0x100A,
            2000000 => 0x100B,
            2500000 => 0x100C,
            3000000 => 0x100D,
            3500000 => 0x100E,
            4000000 => 0x100F,
            _ => 0,
        };
        return code != 0;
    }

    /// <summary>
    /// Puts <paramref name="termios"/> into raw 8N1 with no flow control and the given rate, the
    /// equivalent of <c>cfmakeraw</c> plus <c>CLOCAL | CREAD</c>: no input translation (CR/LF, parity
    /// marking, XON/XOFF), no output processing, no echo, no signals, non-canonical reads that return
    /// whatever is available (VMIN = VTIME = 0; blocking is done with poll instead).
    /// </summary>
    public static unsafe void MakeRaw8N1(ref Termios2 termios, int baudRate)
    {
        termios.InputFlags = 0;
        termios.OutputFlags = 0;
        termios.LocalFlags = 0;
        termios.LineDiscipline = 0;
        uint control = termios.ControlFlags;
        control &= ~(CSIZE | CSTOPB | PARENB | PARODD | CMSPAR | CRTSCTS | CBAUD | CIBAUD);
        control |= CS8 | CREAD | CLOCAL;
        if (TryGetStandardBaudCode(baudRate, out uint code))
        {
            control |= code;
        }
        else
        {
            control |= BOTHER;
        }

        termios.ControlFlags = control;
        termios.InputSpeed = (uint)baudRate;
        termios.OutputSpeed = (uint)baudRate;
        termios.ControlCharacters[VMIN] = 0;
        termios.ControlCharacters[VTIME] = 0;
    }
}
