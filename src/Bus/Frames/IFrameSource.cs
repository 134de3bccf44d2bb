namespace RobotEdge.Bus.Frames;

/// <summary>
/// A camera: the simulator's renderer, or a real device. Frames are BGR24, row-major.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Frame width in pixels.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>
    /// Fills <paramref name="frame"/> (rented by the caller, who keeps ownership) with the next
    /// image, and stamps it with its sequence number and capture time.
    /// </summary>
    /// <returns>false when the source has ended.</returns>
    bool TryCapture(Frame frame);
}
