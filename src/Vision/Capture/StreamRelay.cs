using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Vision.Capture;

/// <summary>
/// Brings a network stream (rtsp://, http://) to OpenCV through a FIFO. The FFmpeg inside
/// OpenCvSharp's runtime is built with <c>--disable-network</c>, so OpenCV cannot open a URL
/// itself; Debian's <c>ffmpeg</c> receives the stream and copies its video, not re-encoded, into a
/// named pipe as Matroska, which OpenCV's FFmpeg reads as a file and decodes straight into the
/// pooled frames like any other. The stream's end (the relay exits) is the file's end. Opened on
/// the host's start-up thread; disposing stops the relay and removes the pipe.
/// </summary>
internal sealed partial class StreamRelay : IDisposable
{
    private const int OpenWriteOnlyNonBlocking = 0x1 | 0x800; // O_WRONLY | O_NONBLOCK (Linux)

    private readonly Process _ffmpeg;
    private readonly string _directory;
    private readonly StringBuilder _errors = new();

    /// <summary>1 while OpenCV is opening the pipe: a relay that dies then must release the reader's open.</summary>
    private int _opening = 1;

    private StreamRelay(string url, string directory, string pipe)
    {
        Url = url;
        _directory = directory;
        PipePath = pipe;
        var start = new ProcessStartInfo("ffmpeg", ["-nostdin", "-v", "error", "-i", url, "-map", "0:v:0", "-c", "copy", "-f", "matroska", "-y", pipe])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _ffmpeg = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"stream {url}: cannot start ffmpeg, which receives network streams (Debian package ffmpeg, see scripts/bootstrap.sh): {e.Message}");
        }

        _ffmpeg.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(line.Data);
                }
            }
        };
        _ffmpeg.BeginErrorReadLine();
        _ffmpeg.EnableRaisingEvents = true;
        _ffmpeg.Exited += (_, _) => ReleaseReader();
        if (_ffmpeg.HasExited)
        {
            ReleaseReader();
        }
    }

    /// <summary>The stream's URL.</summary>
    public string Url { get; }

    /// <summary>The named pipe OpenCV reads.</summary>
    public string PipePath { get; }

    /// <summary>What ffmpeg reported on stderr so far, trimmed.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString().Trim();
            }
        }
    }

    /// <summary>Creates the pipe and starts the relay.</summary>
    /// <exception cref="OpenCvException">The pipe cannot be made or ffmpeg cannot be started.</exception>
    public static StreamRelay Start(string url)
    {
        string directory = Directory.CreateTempSubdirectory("robotedge-stream-").FullName;
        string pipe = Path.Combine(directory, "stream.mkv");
        if (MakeFifo(pipe, 0x180) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Directory.Delete(directory, recursive: true);
            throw new OpenCvException(OpenCvStatus.OpenFailed, $"stream {url}: cannot create the pipe {pipe} (errno {errno})");
        }

        try
        {
            return new StreamRelay(url, directory, pipe);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Called once OpenCV's open has returned: from now on the pipe's end is the stream's end.</summary>
    public void Opened() => Volatile.Write(ref _opening, 0);

    /// <summary>Stops the relay and removes the pipe.</summary>
    public void Dispose()
    {
        Opened();
        try
        {
            if (!_ffmpeg.HasExited)
            {
                _ffmpeg.Kill();
            }

            _ffmpeg.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _ffmpeg.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// The relay exited: if it never opened the pipe, OpenCV's open of the read end blocks for a
    /// writer. Opening the write end ourselves and closing it gives the reader end-of-file, so the
    /// open fails with a clear error instead of hanging.
    /// </summary>
    private void ReleaseReader()
    {
        while (Volatile.Read(ref _opening) == 1)
        {
            int fd = OpenFile(PipePath, OpenWriteOnlyNonBlocking);
            if (fd >= 0)
            {
                CloseFile(fd);
                return;
            }

            Thread.Sleep(10);
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFile(int fd);
}
