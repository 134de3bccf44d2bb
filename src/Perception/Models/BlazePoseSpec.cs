using RobotEdge.Bus.Configuration;

namespace RobotEdge.Perception.Models;

/// <summary>
/// The <c>blazePose</c> section of a model card whose decoder is <c>blazepose</c>: the second model
/// (the person detector; the card's <c>modelFile</c> is the landmark model), where both come from,
/// and the pipeline's thresholds. Defaults are MediaPipe's published values for its pose solution.
/// </summary>
public sealed class BlazePoseSpec
{
    /// <summary>The converted person detector (.onnx), relative to the card's folder.</summary>
    [RequiredField("the detector model cannot be guessed")]
    public string DetectorFile { get; set; } = "";

    /// <summary>
    /// The detector's TFLite original, relative to a <c>node_modules</c> folder (e.g.
    /// <c>@mediapipe/pose/pose_solution_packed_assets.data</c>); when given, a missing or older
    /// <see cref="DetectorFile"/> is converted from it on first use. Empty: the .onnx must exist.
    /// </summary>
    public string DetectorSource { get; set; } = "";

    /// <summary>The landmark model's TFLite original, relative to a <c>node_modules</c> folder; converted like <see cref="DetectorSource"/>.</summary>
    public string LandmarkSource { get; set; } = "";

    /// <summary>Most people followed at once, 1 to <see cref="MaxPeopleLimit"/> (one landmark run per person per frame).</summary>
    public int MaxPeople { get; set; } = 1;

    /// <summary>Detector anchors scoring below this are ignored, in (0, 1) (MediaPipe: 0.5).</summary>
    public float MinDetectionScore { get; set; } = 0.5f;

    /// <summary>Overlap (IoU) above which detections are merged, in [0, 1) (MediaPipe: 0.3).</summary>
    public float NmsIou { get; set; } = 0.3f;

    /// <summary>A person whose pose-presence score falls below this is lost, in (0, 1) (MediaPipe's <c>min_tracking_confidence</c>: 0.5).</summary>
    public float MinPresence { get; set; } = 0.5f;

    /// <summary>
    /// While fewer than <see cref="MaxPeople"/> are followed, the detector looks for newcomers every
    /// this many frames, 0 to 1000; with nobody followed it runs every frame. 0: only when nobody is followed.
    /// </summary>
    public int DetectionIntervalFrames { get; set; } = 15;

    /// <summary>
    /// 1: the detector sees the whole frame letterboxed (MediaPipe). n &gt; 1: it also sees an n × n
    /// grid of overlapping square tiles (each 1.5 cells wide), one run per tile, so that people too
    /// small in the whole frame (the detector keys on the face) are found; up to <see cref="MaxTiles"/>.
    /// </summary>
    public int DetectionTiles { get; set; } = 1;

    /// <summary>The largest <see cref="DetectionTiles"/> accepted.</summary>
    public const int MaxTiles = 4;

    /// <summary>The largest <see cref="MaxPeople"/> accepted.</summary>
    public const int MaxPeopleLimit = 8;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>blazePose</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(DetectorFile, $"{path}.detectorFile");
        problems.Within(MaxPeople, 1, MaxPeopleLimit, $"{path}.maxPeople");
        problems.Above(MinDetectionScore, 0, 0.999, $"{path}.minDetectionScore");
        problems.Within(NmsIou, 0, 0.999, $"{path}.nmsIou");
        problems.Above(MinPresence, 0, 0.999, $"{path}.minPresence");
        problems.Within(DetectionIntervalFrames, 0, 1000, $"{path}.detectionIntervalFrames");
        problems.Within(DetectionTiles, 1, MaxTiles, $"{path}.detectionTiles");
    }
}
