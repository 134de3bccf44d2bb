using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// Timed reads and bounded writes on a non-blocking descriptor (tty, pty master, CAN socket):
/// <c>poll</c> waits, then <c>read</c>/<c>write</c> moves the bytes. Shared by every transport so
/// that EINTR, EAGAIN and hang-up are handled once. No allocation; blocks the calling thread for at
/// most the given time.
/// </summary>
internal static unsafe class FileDescriptorIo
{
    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (0: just check, negative: forever) for input, then
    /// reads what is available, at most <paramref name="buffer"/>.Length bytes.
    /// </summary>
    /// <returns>
    /// The number of bytes read (&gt; 0); 0 when the time ran out; -1 on failure with
    /// <paramref name="errno"/> set (EIO for a hang-up or end of file: the other side is gone).
    /// </returns>
    public static int Read(SafeFileDescriptor fd, Span<byte> buffer, int timeoutMs, out int errno)
    {
        errno = 0;
        if (buffer.IsEmpty)
        {
            return 0;
        }

        long deadline = Deadline(timeoutMs);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int number = fd.Number;
            fixed (byte* pointer = buffer)
            {
                while (true)
                {
                    PollFd poll = new() { Fd = number, Events = PollFd.POLLIN };
                    int ready = Libc.Poll(&poll, 1, RemainingMs(deadline));
                    if (ready < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return -1;
                    }

                    if (ready == 0)
                    {
                        return 0;
                    }

                    if ((poll.ReturnedEvents & PollFd.POLLNVAL) != 0)
                    {
                        errno = Errno.EIO;
                        return -1;
                    }

                    // POLLHUP or POLLERR may come with data still queued: read it first; read then
                    // reports the hang-up itself (0 bytes or EIO) once the queue is empty.
                    nint count = Libc.Read(number, pointer, (nuint)buffer.Length);
                    if (count > 0)
                    {
                        return (int)count;
                    }

                    if (count == 0)
                    {
                        errno = Errno.EIO;
                        return -1;
                    }

                    errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EAGAIN || errno == Errno.EINTR)
                    {
                        if (RemainingMs(deadline) == 0)
                        {
                            errno = 0;
                            return 0;
                        }

                        continue;
                    }

                    return -1;
                }
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Writes all of <paramref name="data"/>, waiting with <c>poll</c> whenever the kernel buffer is
    /// full, for at most <paramref name="timeoutMs"/> in total (0: never wait).
    /// </summary>
    /// <returns>
    /// The number of bytes written: <paramref name="data"/>.Length, or fewer when the time ran out;
    /// -1 on failure with <paramref name="errno"/> set.
    /// </returns>
    public static int Write(SafeFileDescriptor fd, ReadOnlySpan<byte> data, int timeoutMs, out int errno)
    {
        errno = 0;
        long deadline = Deadline(timeoutMs);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int number = fd.Number;
            int written = 0;
            fixed (byte* pointer = data)
            {
                while (written < data.Length)
                {
                    nint count = Libc.Write(number, pointer + written, (nuint)(data.Length - written));
                    if (count > 0)
                    {
                        written += (int)count;
                        continue;
                    }

                    if (count < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        if (errno != Errno.EAGAIN)
                        {
                            return -1;
                        }
                    }

                    int waitMs = RemainingMs(deadline);
                    if (waitMs == 0)
                    {
                        errno = 0;
                        return written;
                    }

                    PollFd poll = new() { Fd = number, Events = PollFd.POLLOUT };
                    int ready = Libc.Poll(&poll, 1, waitMs);
                    if (ready < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        return -1;
                    }

                    if (ready == 0)
                    {
                        errno = 0;
                        return written;
                    }

                    if ((poll.ReturnedEvents & PollFd.POLLOUT) == 0
                        && (poll.ReturnedEvents & (PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL)) != 0)
                    {
                        errno = Errno.EIO;
                        return -1;
                    }
                }
            }

            errno = 0;
            return written;
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>Stopwatch tick at which a wait of <paramref name="timeoutMs"/> ends; long.MaxValue for "forever".</summary>
    private static long Deadline(int timeoutMs)
    {
        if (timeoutMs < 0)
        {
            return long.MaxValue;
        }

        return Stopwatch.GetTimestamp() + (timeoutMs * Stopwatch.Frequency / 1000);
    }

    /// <summary>Milliseconds left until <paramref name="deadline"/>, rounded up, for poll: -1 for forever, 0 when past.</summary>
    private static int RemainingMs(long deadline)
    {
        if (deadline == long.MaxValue)
        {
            return -1;
        }

        long ticks = deadline - Stopwatch.GetTimestamp();
        if (ticks <= 0)
        {
            return 0;
        }

        long ms = ((ticks * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return ms > int.MaxValue ? int.MaxValue : (int)ms;
    }
}
