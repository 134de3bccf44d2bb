namespace RobotEdge.Perception.Models;

/// <summary>Resampling used when scaling a frame into a model's input tensor.</summary>
public enum ResizeMode
{
    /// <summary>Bilinear interpolation (what OpenCV's blobFromImage does by default).</summary>
    Bilinear,

    /// <summary>Nearest source pixel.</summary>
    Nearest,
}
