namespace RobotEdge.Perception.Models;

/// <summary>How a model's output tensor turns into keypoints.</summary>
public enum OutputDecoder
{
    /// <summary>One heatmap per keypoint, [N, K, H/stride, W/stride]; peak + sub-cell centroid. One target.</summary>
    Heatmap,

    /// <summary>
    /// RTMPose-style SimCC: two outputs, x [N, K, W·split] and y [N, K, H·split], one classification
    /// vector per keypoint and axis; bin b is tensor coordinate b / split. One target.
    /// </summary>
    Simcc,

    /// <summary>
    /// YOLO-pose: one output [N, 5 + 3K, A] (or [N, A, 5 + 3K]) holding per anchor a box (cx, cy, w, h
    /// in tensor pixels), its score, and K keypoints (x, y, visibility). Thresholded and NMS'd; many targets.
    /// </summary>
    YoloPose,

    /// <summary>
    /// MediaPipe's BlazePose: a person detector (<c>blazePose.detectorFile</c>) finds people, the
    /// card's model (the landmark model) gives 33 body landmarks and metric world landmarks per
    /// person in a rotated crop; followed from frame to frame. Many targets (<c>blazePose.maxPeople</c>).
    /// </summary>
    Blazepose,
}
