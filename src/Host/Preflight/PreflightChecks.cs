using System.Net;
using System.Net.Sockets;

namespace RobotEdge.Host.Preflight;

/// <summary>
/// Checks a command makes before it opens a device or energises anything, so that a busy port or an
/// unwritable report path is found in one clear line before the run instead of as a crash during or
/// after it. Each check throws <see cref="PreflightException"/> naming the option and the reason.
/// Not real-time: called once, on the command's thread, before the robot starts.
/// </summary>
public static class PreflightChecks
{
    /// <summary>
    /// Checks that <paramref name="path"/> (the <c>--report</c> option; null: none) names a file that can
    /// be written: not a directory, its folder creatable, the file openable for writing. Creates the
    /// folder as writing the report would; a file that did not exist before is removed again.
    /// </summary>
    /// <exception cref="PreflightException">The path is a directory, or the file or its folder cannot be written.</exception>
    public static void CheckReportPath(string? path, string option = "--report")
    {
        if (path is null)
        {
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PreflightException($"{option} '{path}' is not a valid path ({e.Message})", e);
        }

        if (Directory.Exists(full) || path.EndsWith('/'))
        {
            throw new PreflightException($"{option} '{path}' is a directory: give a file name, e.g. {Path.Combine(path, "report.json")}");
        }

        bool existed = File.Exists(full);
        try
        {
            string? folder = Path.GetDirectoryName(full);
            for (string? above = folder; above is not null; above = Path.GetDirectoryName(above))
            {
                if (File.Exists(above))
                {
                    throw new PreflightException($"{option} '{path}' cannot be written: {above} is a file, not a folder");
                }
            }

            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PreflightException($"{option} '{path}' cannot be written ({e.Message})", e);
        }
    }

    /// <summary>
    /// Checks that each address of <paramref name="urls"/> (Kestrel's form, ';'-separated:
    /// <c>http://127.0.0.1:8080</c>, <c>http://localhost:8080</c>, <c>http://0.0.0.0:5080</c>,
    /// <c>http://*:5080</c>) can be bound now, by binding and releasing a listening socket on it. Port 0
    /// (any free port) always can. The server binds for real later, still before anything is energised;
    /// this check only makes a busy port fail before the devices are opened.
    /// </summary>
    /// <exception cref="ArgumentException">An address is not an http(s) URL with a port (bad input).</exception>
    /// <exception cref="PreflightException">A port is in use, not permitted, or the address is not this machine's.</exception>
    public static void CheckListenAddresses(string urls, string option)
    {
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            (IPAddress address, int port) = ParseListenAddress(url, option);
            if (port == 0)
            {
                continue;
            }

            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(1);
            }
            catch (SocketException e)
            {
                string reason = e.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"port {port} is already in use (another robotedge, or another server): stop it or choose another port",
                    SocketError.AccessDenied => $"binding port {port} is not permitted (ports below 1024 need privilege)",
                    SocketError.AddressNotAvailable => $"{address} is not an address of this machine",
                    _ => e.Message,
                };
                throw new PreflightException($"{option} {url}: {reason}", e);
            }
        }
    }

    /// <summary>The address and port Kestrel binds for <paramref name="url"/>: loopback for localhost, every interface for * / + / other names.</summary>
    private static (IPAddress Address, int Port) ParseListenAddress(string url, string option)
    {
        // Kestrel's wildcards are not valid URI hosts.
        string normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{option} '{url}' is not an address to listen on (expected e.g. http://127.0.0.1:8080)");
        }

        IPAddress address = uri.HostNameType switch
        {
            UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.Parse(uri.Host.Trim('[', ']')),
            _ when uri.IsLoopback => IPAddress.Loopback,
            _ => IPAddress.Any,
        };
        return (address, uri.Port);
    }
}
