namespace RobotEdge.Perception.Preprocessing;

/// <summary>
/// Where a frame lands inside a model's input tensor when scaled uniformly to fit and centred
/// (letterboxed), and the mapping between the two pixel grids. Pixel coordinates refer to pixel
/// centres: pixel i covers [i − 0.5, i + 0.5).
/// </summary>
public readonly struct LetterboxGeometry
{
    /// <summary>Computes the letterbox of a <paramref name="frameWidth"/>×<paramref name="frameHeight"/>
    /// frame in a <paramref name="tensorWidth"/>×<paramref name="tensorHeight"/> tensor.</summary>
    public LetterboxGeometry(int frameWidth, int frameHeight, int tensorWidth, int tensorHeight)
    {
        if (frameWidth <= 0 || frameHeight <= 0 || tensorWidth <= 0 || tensorHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameWidth), "frame and tensor sizes must be positive");
        }

        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
        TensorWidth = tensorWidth;
        TensorHeight = tensorHeight;
        Scale = Math.Min((double)tensorWidth / frameWidth, (double)tensorHeight / frameHeight);
        ContentWidth = Math.Min(tensorWidth, (int)Math.Round(frameWidth * Scale));
        ContentHeight = Math.Min(tensorHeight, (int)Math.Round(frameHeight * Scale));
        PadX = (tensorWidth - ContentWidth) / 2;
        PadY = (tensorHeight - ContentHeight) / 2;
    }

    /// <summary>Frame width, pixels.</summary>
    public int FrameWidth { get; }

    /// <summary>Frame height, pixels.</summary>
    public int FrameHeight { get; }

    /// <summary>Tensor width, pixels.</summary>
    public int TensorWidth { get; }

    /// <summary>Tensor height, pixels.</summary>
    public int TensorHeight { get; }

    /// <summary>Tensor pixels per frame pixel (the same along both axes).</summary>
    public double Scale { get; }

    /// <summary>Width of the image inside the tensor, pixels.</summary>
    public int ContentWidth { get; }

    /// <summary>Height of the image inside the tensor, pixels.</summary>
    public int ContentHeight { get; }

    /// <summary>Left border, tensor pixels.</summary>
    public int PadX { get; }

    /// <summary>Top border, tensor pixels.</summary>
    public int PadY { get; }

    /// <summary>Maps a tensor-pixel x coordinate to frame pixels.</summary>
    public double TensorToFrameX(double tensorX) => (tensorX + 0.5 - PadX) / Scale - 0.5;

    /// <summary>Maps a tensor-pixel y coordinate to frame pixels.</summary>
    public double TensorToFrameY(double tensorY) => (tensorY + 0.5 - PadY) / Scale - 0.5;

    /// <summary>Maps a frame-pixel x coordinate to tensor pixels.</summary>
    public double FrameToTensorX(double frameX) => (frameX + 0.5) * Scale - 0.5 + PadX;

    /// <summary>Maps a frame-pixel y coordinate to tensor pixels.</summary>
    public double FrameToTensorY(double frameY) => (frameY + 0.5) * Scale - 0.5 + PadY;
}
