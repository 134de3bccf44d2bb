namespace RobotEdge.ReferenceCheck.Inputs;

/// <summary>
/// The float range a model expects its RGB pixels in: 0..255 maps linearly onto
/// <see cref="Low"/>..<see cref="High"/>. MediaPipe's pose detector takes [-1, 1], its landmark
/// models [0, 1] (the image-to-tensor options of MediaPipe's published pose graphs).
/// </summary>
/// <param name="Low">The value of a 0 pixel.</param>
/// <param name="High">The value of a 255 pixel.</param>
public readonly record struct PixelRange(float Low, float High)
{
    /// <summary>[-1, 1]: MediaPipe's pose detector.</summary>
    public static PixelRange MinusOneToOne => new(-1f, 1f);

    /// <summary>[0, 1]: MediaPipe's pose landmark models.</summary>
    public static PixelRange ZeroToOne => new(0f, 1f);

    /// <summary>The tensor value of an 8-bit pixel.</summary>
    public float FromByte(byte pixel) => Low + (High - Low) * (pixel / 255f);
}
