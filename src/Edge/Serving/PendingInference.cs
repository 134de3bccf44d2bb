using System.Buffers;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// What the executor needs of a queued request: the connection to answer on, the request's fields,
/// and its tensor bytes in a buffer rented from the shared array pool. Exactly one
/// <see cref="Release"/> gives the buffer back: the executor's, once the tensor is in the model's
/// input slot or the request is rejected. Owned by one thread at a time (the connection's until it
/// is submitted, then the executor's).
/// </summary>
internal sealed class PendingInference
{
    private byte[]? _tensor;

    /// <summary>Copies <paramref name="tensor"/> into a pooled buffer.</summary>
    public PendingInference(RobotConnection connection, long sequence, long deadlineEdgeNs, TensorEncoding encoding, ReadOnlySpan<byte> tensor, long receivedNs)
    {
        Connection = connection;
        Sequence = sequence;
        DeadlineEdgeNs = deadlineEdgeNs;
        Encoding = encoding;
        ReceivedNs = receivedNs;
        TensorLength = tensor.Length;
        _tensor = ArrayPool<byte>.Shared.Rent(Math.Max(1, tensor.Length));
        tensor.CopyTo(_tensor);
    }

    /// <summary>The robot's connection.</summary>
    public RobotConnection Connection { get; }

    /// <summary>Frame sequence.</summary>
    public long Sequence { get; }

    /// <summary>When the answer must leave the server, server clock, ns.</summary>
    public long DeadlineEdgeNs { get; }

    /// <summary>How the tensor is encoded.</summary>
    public TensorEncoding Encoding { get; }

    /// <summary>When the request was read off the connection, ns.</summary>
    public long ReceivedNs { get; }

    /// <summary>Tensor bytes.</summary>
    public int TensorLength { get; }

    /// <summary>The tensor's bytes; only until <see cref="Release"/>.</summary>
    public ReadOnlySpan<byte> Tensor => _tensor is null
        ? throw new ObjectDisposedException(nameof(PendingInference), "the request's tensor was already released")
        : _tensor.AsSpan(0, TensorLength);

    /// <summary>Gives the tensor's buffer back to the pool; later calls do nothing.</summary>
    public void Release()
    {
        byte[]? tensor = _tensor;
        _tensor = null;
        if (tensor is not null)
        {
            ArrayPool<byte>.Shared.Return(tensor);
        }
    }
}
