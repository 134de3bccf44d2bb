namespace RobotEdge.Perception.Models;

/// <summary>How a model's output tensor turns into keypoints.</summary>
public enum OutputDecoder
{
    /// <summary>One heatmap per keypoint, [N, K, H/stride, W/stride]; peak + sub-cell centroid.</summary>
    Heatmap,
}
