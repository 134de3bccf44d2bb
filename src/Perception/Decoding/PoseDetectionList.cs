namespace RobotEdge.Perception.Decoding;

/// <summary>
/// The targets one frame's decoder found, best score first, in storage allocated once. Written by
/// the decoder on the perception thread, then read on the same thread; not thread-safe.
/// </summary>
public sealed class PoseDetectionList
{
    /// <summary>The largest capacity a list may have (and hence <c>output.maxDetections</c>).</summary>
    public const int MaxCapacity = 64;

    private readonly PoseDetection[] _items;

    /// <summary>Allocates room for <paramref name="capacity"/> detections.</summary>
    public PoseDetectionList(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _items = new PoseDetection[capacity];
    }

    /// <summary>Number of valid detections.</summary>
    public int Count { get; private set; }

    /// <summary>How many detections the list can hold.</summary>
    public int Capacity => _items.Length;

    /// <summary>Number of keypoints per detection (set by the decoder).</summary>
    public int KeypointCount { get; set; }

    /// <summary>Detection <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>), by reference.</summary>
    public ref PoseDetection this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ref _items[index];
        }
    }

    /// <summary>The valid detections.</summary>
    public ReadOnlySpan<PoseDetection> AsSpan() => _items.AsSpan(0, Count);

    /// <summary>Empties the list. Real-time safe.</summary>
    public void Clear() => Count = 0;

    /// <summary>Appends a detection and returns it by reference; false when full. Real-time safe.</summary>
    public bool TryAdd(out int index)
    {
        if (Count == _items.Length)
        {
            index = -1;
            return false;
        }

        index = Count++;
        _items[index] = default;
        return true;
    }
}
