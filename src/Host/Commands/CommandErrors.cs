using System.Net.Sockets;
using System.Text.Json;
using RobotEdge.Host.Hosting;
using RobotEdge.Host.Preflight;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Vision.Interop;

namespace RobotEdge.Host.Commands;

/// <summary>
/// How the CLI reports an error that ends a command: one line on standard error naming what failed
/// and why (the stack trace follows only with <c>--verbose</c>), and the exit code of its class
/// (<see cref="ExitCodes"/>). Never called on a robot thread.
/// </summary>
public static class CommandErrors
{
    /// <summary>Whether <c>--verbose</c> was given: errors and faults are followed by their stack trace. Set once by the entry point.</summary>
    public static bool Verbose { get; set; }

    /// <summary>The exit code for an error of <paramref name="e"/>'s class.</summary>
    public static int ExitCodeOf(Exception e) => Unwrap(e) switch
    {
        PreflightException => ExitCodes.PreflightFailed,
        ServiceFailedException => ExitCodes.RunFailed,
        // A file the arguments or the configuration name that is not there, or that does not parse.
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.BadInput,
        ArgumentException or InvalidDataException or JsonException or FormatException or UrdfFormatException => ExitCodes.BadInput,
        // The machine: a device or port that is busy, gone or not permitted.
        IOException or UnauthorizedAccessException or SocketException or OpenCvException => ExitCodes.PreflightFailed,
        _ => ExitCodes.RunFailed,
    };

    /// <summary>Writes <paramref name="e"/> as one line to <paramref name="error"/> (and its stack trace when <see cref="Verbose"/>); returns its exit code.</summary>
    public static int Report(Exception e, TextWriter error)
    {
        Exception cause = Unwrap(e);
        int code = ExitCodeOf(cause);
        string text = OneLine(cause.Message);
        error.WriteLine(code == ExitCodes.RunFailed && cause is not ServiceFailedException
            ? $"robotedge: unexpected {cause.GetType().Name}: {text}{(Verbose ? "" : " (--verbose shows where)")}"
            : $"robotedge: {text}");
        if (Verbose)
        {
            error.WriteLine(cause.ToString());
        }

        return code;
    }

    /// <summary><paramref name="text"/> on one line: its lines joined with "; ", blank ones dropped.</summary>
    public static string OneLine(string text) =>
        string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The exception behind the host's and the runtime's wrappers (an aggregate of one, a type initialiser).</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    e = aggregate.InnerExceptions[0];
                    break;
                case TypeInitializationException { InnerException: { } inner }:
                    e = inner;
                    break;
                default:
                    return e;
            }
        }
    }
}
