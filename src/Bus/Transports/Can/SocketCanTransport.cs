using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using RobotEdge.Bus.Transports.Interop;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// A CAN interface through a SocketCAN raw socket (<c>socket(PF_CAN, SOCK_RAW, CAN_RAW)</c>):
/// native CAN controllers, candleLight/gs_usb adapters, <c>slcand</c>-attached adapters, <c>vcan</c>.
/// Classic frames (16-byte <c>can_frame</c>) only; CAN FD frames are not enabled.
/// </summary>
/// <remarks>
/// <para>The bitrate is a property of the interface, set by the system
/// (<c>ip link set can0 up type can bitrate 1000000</c>), not by this class.</para>
/// <para>Ownership: the caller of <see cref="Open"/> disposes. Threading: one thread may receive
/// while another sends; <see cref="TrySend"/> and <see cref="TryReceive"/> do not allocate.</para>
/// </remarks>
public sealed class SocketCanTransport : ICanTransport
{
    private readonly SafeFileDescriptor _socket;

    private SocketCanTransport(SafeFileDescriptor socket, string interfaceName, int interfaceIndex)
    {
        _socket = socket;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
    }

    /// <summary>The interface name, e.g. <c>can0</c>.</summary>
    public string InterfaceName { get; }

    /// <summary>The kernel's index of the interface.</summary>
    public int InterfaceIndex { get; }

    /// <summary>
    /// Opens a non-blocking raw CAN socket bound to <paramref name="interfaceName"/>, with the
    /// filters and error mask of <paramref name="options"/>. Blocking (briefly); not for the control loop.
    /// </summary>
    /// <param name="interfaceName">Interface name, 1–15 ASCII characters, e.g. <c>can0</c> or <c>vcan0</c>.</param>
    /// <param name="options">Filters and error classes; null for the defaults.</param>
    /// <exception cref="CanTransportException">
    /// The kernel has no SocketCAN support, the interface does not exist, or a socket call failed;
    /// the message says what to check.
    /// </exception>
    public static unsafe SocketCanTransport Open(string interfaceName, SocketCanOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (interfaceName.Length >= SocketCanNative.IFNAMSIZ || !Ascii.IsValid(interfaceName))
        {
            throw new ArgumentException("A network interface name is 1 to 15 ASCII characters.", nameof(interfaceName));
        }

        options ??= new SocketCanOptions();
        if (options.Filters is { Count: > 512 })
        {
            throw new ArgumentException("The kernel accepts at most 512 CAN filters per socket.", nameof(options));
        }

        IoctlRequest.EnsureSupportedPlatform();
        int number = Libc.Socket(
            SocketCanNative.PF_CAN, OpenFlags.SOCK_RAW | OpenFlags.SOCK_NONBLOCK | OpenFlags.SOCK_CLOEXEC, SocketCanNative.CAN_RAW);
        if (number < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new CanTransportException(
                errno == Errno.EAFNOSUPPORT
                    ? $"cannot open {interfaceName}: this kernel has no SocketCAN support (PF_CAN) — load it with `modprobe can_raw`, or use an SLCAN adapter over a serial port"
                    : $"cannot create a CAN socket for {interfaceName}",
                errno);
        }

        SafeFileDescriptor socket = new(number);
        try
        {
            InterfaceRequest request = default;
            Encoding.ASCII.GetBytes(interfaceName, new Span<byte>(request.Name, SocketCanNative.IFNAMSIZ - 1));
            if (Libc.Ioctl(socket, IoctlRequest.SIOCGIFINDEX, &request) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new CanTransportException(
                    errno == Errno.ENODEV
                        ? $"no CAN interface '{interfaceName}' — is the adapter plugged in and its driver loaded? " +
                          "`ip -details link show type can` lists CAN interfaces; a virtual one: `ip link add dev vcan0 type vcan && ip link set vcan0 up`"
                        : $"cannot look up interface '{interfaceName}'",
                    errno);
            }

            ApplyOptions(socket, interfaceName, options);

            SockAddrCan address = new() { Family = SocketCanNative.PF_CAN, InterfaceIndex = request.InterfaceIndex };
            if (Libc.Bind(socket, &address, (uint)sizeof(SockAddrCan)) != 0)
            {
                throw new CanTransportException($"cannot bind a CAN socket to {interfaceName}", Marshal.GetLastPInvokeError());
            }

            return new SocketCanTransport(socket, interfaceName, request.InterfaceIndex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Queues <paramref name="frame"/> on the interface without waiting. Non-blocking; no allocation.
    /// </summary>
    /// <returns>False when the interface's transmit queue is full (ENOBUFS/EAGAIN).</returns>
    /// <exception cref="ArgumentException">An error frame.</exception>
    /// <exception cref="CanTransportException">The interface is down or gone, or the write failed.</exception>
    public bool TrySend(in CanFrame frame)
    {
        if (frame.IsError)
        {
            throw new ArgumentException("Error frames are reported by a controller, they cannot be transmitted.", nameof(frame));
        }

        Span<byte> raw = stackalloc byte[SocketCanCodec.FrameSize];
        SocketCanCodec.Encode(frame, raw);
        int written = FileDescriptorIo.Write(_socket, raw, 0, out int errno);
        if (written == SocketCanCodec.FrameSize)
        {
            return true;
        }

        if (written >= 0 || errno == Errno.ENOBUFS || errno == Errno.EAGAIN)
        {
            return false;
        }

        ThrowIoFailure(errno, "send on");
        return false;
    }

    /// <inheritdoc />
    /// <exception cref="CanTransportException">The interface went away or the read failed.</exception>
    public bool TryReceive(out CanFrame frame, int timeoutMs)
    {
        Span<byte> raw = stackalloc byte[SocketCanCodec.FrameSize];
        int read = FileDescriptorIo.Read(_socket, raw, timeoutMs, out int errno);
        if (read < 0)
        {
            ThrowIoFailure(errno, "receive on");
        }

        if (read == SocketCanCodec.FrameSize && SocketCanCodec.TryDecode(raw, out frame))
        {
            return true;
        }

        frame = default;
        return false;
    }

    /// <summary>Closes the socket. Idempotent; any thread.</summary>
    public void Dispose() => _socket.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"socketcan:{InterfaceName}";

    private static unsafe void ApplyOptions(SafeFileDescriptor socket, string interfaceName, SocketCanOptions options)
    {
        if (options.Filters is { } filters)
        {
            // struct can_filter { canid_t can_id; canid_t can_mask; }, host byte order.
            uint* words = stackalloc uint[Math.Max(1, filters.Count) * 2];
            for (int i = 0; i < filters.Count; i++)
            {
                words[2 * i] = filters[i].Id;
                words[(2 * i) + 1] = filters[i].Mask;
            }

            SetOption(socket, interfaceName, SocketCanNative.CAN_RAW_FILTER, words, (uint)(filters.Count * SocketCanNative.CanFilterSize), "set receive filters");
        }

        uint errorMask = (uint)options.ErrorMask;
        SetOption(socket, interfaceName, SocketCanNative.CAN_RAW_ERR_FILTER, &errorMask, sizeof(uint), "set the error-frame mask");

        int receiveOwn = options.ReceiveOwnMessages ? 1 : 0;
        SetOption(socket, interfaceName, SocketCanNative.CAN_RAW_RECV_OWN_MSGS, &receiveOwn, sizeof(int), "set own-message reception");
    }

    private static unsafe void SetOption(SafeFileDescriptor socket, string interfaceName, int name, void* value, uint length, string what)
    {
        if (Libc.SetSockOpt(socket, SocketCanNative.SOL_CAN_RAW, name, value, length) != 0)
        {
            throw new CanTransportException($"cannot {what} on {interfaceName}", Marshal.GetLastPInvokeError());
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowIoFailure(int errno, string operation)
    {
        string hint = errno == Errno.ENETDOWN
            ? $" — the interface is down: `ip link set {InterfaceName} up type can bitrate 1000000`"
            : errno == Errno.ENODEV || errno == Errno.EIO
                ? " — the adapter went away"
                : string.Empty;
        throw new CanTransportException($"{operation} {InterfaceName} failed{hint}", errno);
    }
}
