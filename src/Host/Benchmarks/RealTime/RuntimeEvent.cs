namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>One runtime event as <see cref="RuntimeEventRecorder"/> keeps it.</summary>
public struct RuntimeEvent
{
    /// <summary>When it happened, monotonic ns (<see cref="Bus.Clocks.MonotonicClock"/>).</summary>
    public long TimeNs;

    /// <summary>Kernel id of the thread it happened on.</summary>
    public int ThreadId;

    /// <summary>What it was.</summary>
    public RuntimeEventKind Kind;

    /// <summary>Its number (see <see cref="RuntimeEventKind"/>): a reason, a generation, a tier, bytes.</summary>
    public long Value;

    /// <summary>Its name (see <see cref="RuntimeEventKind"/>): a method, a type; null for most.</summary>
    public string? Text;

    /// <summary>A compiled method's type (namespace and type name); null for other events.</summary>
    public string? Owner;
}
