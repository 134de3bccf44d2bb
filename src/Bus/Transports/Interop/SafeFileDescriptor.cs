using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// Owns one Linux file descriptor and closes it exactly once. Using a <see cref="SafeHandle"/> rather
/// than a bare <c>int</c> makes <c>Dispose</c> safe against a <c>read</c> or <c>poll</c> still running
/// on another thread: the close is deferred until that call returns, so the number is never reused
/// by the kernel for another file while we still hold it.
/// </summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    /// <summary>Creates an invalid handle (the marshaller's constructor).</summary>
    public SafeFileDescriptor()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of <paramref name="fd"/> (which must be open).</summary>
    public SafeFileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number, for diagnostics only (never pass it to native code directly).</summary>
    public int Number => (int)handle.ToInt64();

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Libc.Close((int)handle.ToInt64()) == 0;
}
