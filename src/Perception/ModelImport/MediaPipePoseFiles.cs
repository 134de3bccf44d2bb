namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// The TFLite models inside npm's <c>@mediapipe/pose@0.5.1675469404</c>, as paths relative to
/// node_modules (see <see cref="NpmDataFiles"/>).
/// </summary>
public static class MediaPipePoseFiles
{
    /// <summary>
    /// The pose detector (input 1×224×224×3; outputs 1×2254×12 boxes + keypoints, 1×2254×1 scores).
    /// The package ships it as its "packed assets" file, which is the whole pose_detection.tflite
    /// (per pose_solution_packed_assets_loader.js).
    /// </summary>
    public const string Detector = "@mediapipe/pose/pose_solution_packed_assets.data";

    /// <summary>The lite landmark model (input 1×256×256×3).</summary>
    public const string LandmarkLite = "@mediapipe/pose/pose_landmark_lite.tflite";

    /// <summary>The full landmark model (input 1×256×256×3).</summary>
    public const string LandmarkFull = "@mediapipe/pose/pose_landmark_full.tflite";

    /// <summary>The heavy landmark model (input 1×256×256×3).</summary>
    public const string LandmarkHeavy = "@mediapipe/pose/pose_landmark_heavy.tflite";
}
