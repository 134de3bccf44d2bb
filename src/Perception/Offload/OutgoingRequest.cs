using RobotEdge.Bus.Network;

namespace RobotEdge.Perception.Offload;

/// <summary>
/// One inference request on its way from the compute thread to the edge client's sender: the encoded
/// message and when it stops being worth sending. Pooled by <see cref="EdgeClient"/>; owned by one
/// thread at a time — the compute thread while it writes it, the hand-off slot, then the sender
/// until it gives the request back.
/// </summary>
internal sealed class OutgoingRequest
{
    /// <summary>Creates pool entry <paramref name="index"/> with a wire buffer of <paramref name="capacityBytes"/>.</summary>
    public OutgoingRequest(int index, int capacityBytes)
    {
        Index = index;
        Wire = new WireBuffer(capacityBytes);
    }

    /// <summary>Position in the client's pool, what travels back to the compute thread.</summary>
    public int Index { get; }

    /// <summary>The encoded request (MessagePack), sized once for the largest request: never grows.</summary>
    public WireBuffer Wire { get; }

    /// <summary>Robot real time, ns, after which the robot no longer waits for this frame: the sender drops it, or aborts a send still running then.</summary>
    public long SendByNs { get; set; }
}
