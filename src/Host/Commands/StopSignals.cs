using System.Runtime.InteropServices;

namespace RobotEdge.Host.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (a service manager, <c>kill</c>) as one request to stop: the first of
/// either cancels <see cref="Token"/> and keeps the process alive, so the command makes its controlled
/// stop, prints its summary and writes its report; a second signal is left to the runtime and ends
/// the process at once (an operator who insists). The commands that run in the generic host (<c>run</c>,
/// <c>edge</c>) get the same from the host's lifetime. Dispose to restore the default handling.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter? _say;

    /// <summary>The signal that asked for the stop (0 before one did), as <see cref="PosixSignal"/>'s value; set once.</summary>
    private int _signal;

    /// <summary>Starts listening; <paramref name="say"/> gets one line when a stop is requested (null: silent).</summary>
    public StopSignals(TextWriter? say = null)
    {
        _say = say;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled at the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that asked for the stop, or null.</summary>
    public PosixSignal? Signal => Volatile.Read(ref _signal) is var s and not 0 ? (PosixSignal)s : null;

    /// <summary>Runs on the runtime's signal thread.</summary>
    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) != 0)
        {
            // The second signal: the default action ends the process.
            return;
        }

        context.Cancel = true;
        _say?.WriteLine($"robotedge: {context.Signal} received: stopping (controlled stop, then the summary and the report); send it again to end at once");
        _stop.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
