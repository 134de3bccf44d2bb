namespace RobotEdge.Perception.BlazePose;

/// <summary>What a region sampler reads where the region extends past the frame.</summary>
public enum RegionBorder
{
    /// <summary>Black (pixel value 0), as MediaPipe's detector input (<c>BORDER_ZERO</c>).</summary>
    Zero,

    /// <summary>The nearest edge pixel, as MediaPipe's landmark input (<c>BORDER_REPLICATE</c>, its default).</summary>
    Replicate,
}
