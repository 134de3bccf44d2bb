using System.Globalization;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Drawing;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Draws every perceived frame's people (skeleton, keypoints, box, track identity; the followed one
/// boxed thicker) and a caption (frame number, people, perception time) onto a copy of the frame,
/// and writes it to a video file (OpenCV's writer; the codec by the extension: .mp4 MPEG-4 part 2 (mp4v; this OpenCV build has no H.264 encoder),
/// .avi Motion-JPEG, .mkv lossless FFV1) and/or one of them to a still image: the frame given, or
/// else the first frame with the most people. A tool's output: allocates per frame. Owns the writer.
/// </summary>
public sealed class AnnotatedVideoRecorder : IPerceivedFrameObserver, IDisposable
{
    private readonly PoseOverlayPainter _painter;
    private readonly VideoFileWriter? _writer;
    private readonly string? _snapshotPath;
    private readonly long _snapshotFrame;
    private readonly byte[] _canvas;
    private readonly byte[]? _snapshot;
    private readonly int _width;
    private readonly int _height;
    private PoseEstimate _person;
    private int _snapshotPeople = -1;

    /// <summary>Opens the video (when <paramref name="videoPath"/> is given) for frames of the given size and rate.</summary>
    /// <param name="videoPath">The annotated video, or null for none.</param>
    /// <param name="snapshotPath">A still image (.png, .jpg) of one annotated frame, written by <see cref="Finish"/>; null for none.</param>
    /// <param name="snapshotFrame">The frame for <paramref name="snapshotPath"/> (0-based); negative: the first frame with the most people.</param>
    /// <param name="width">Frame width, pixels.</param>
    /// <param name="height">Frame height, pixels.</param>
    /// <param name="fps">The video's frame rate (the source's), frames per second.</param>
    /// <param name="skeleton">Bones as pairs of keypoint indices (the model card's <c>skeleton</c>).</param>
    /// <param name="minConfidence">Keypoints below this confidence are not drawn.</param>
    /// <exception cref="ArgumentException">An extension with no codec here, or neither output given.</exception>
    /// <exception cref="Vision.Interop.OpenCvException">The video cannot be written there.</exception>
    public AnnotatedVideoRecorder(string? videoPath, string? snapshotPath, long snapshotFrame, int width, int height, double fps, int[][] skeleton,
        float minConfidence)
    {
        if (videoPath is null && snapshotPath is null)
        {
            throw new ArgumentException("an annotated video or a snapshot path is needed");
        }

        _painter = new PoseOverlayPainter(width, height, skeleton, minConfidence);
        _width = width;
        _height = height;
        _canvas = new byte[width * height * 3];
        _snapshotPath = snapshotPath;
        _snapshotFrame = snapshotFrame;
        _snapshot = snapshotPath is null ? null : new byte[_canvas.Length];
        if (videoPath is not null)
        {
            _writer = new VideoFileWriter(videoPath, FourCcFor(videoPath), fps > 0 ? fps : 25, width, height);
        }
    }

    /// <summary>Frames written to the video.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>The frame the snapshot shows (0-based), or −1 before one was chosen.</summary>
    public long SnapshotFrameIndex { get; private set; } = -1;

    /// <summary>The codec for a video path, by its extension.</summary>
    /// <exception cref="ArgumentException">Not .mp4, .avi or .mkv.</exception>
    public static string FourCcFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" => "mp4v",
        ".avi" => "MJPG",
        ".mkv" => "FFV1",
        string other => throw new ArgumentException($"annotated video {path}: extension '{other}' has no codec here (use .mp4, .avi or .mkv)"),
    };

    /// <inheritdoc />
    public void OnFrame(long index, Frame frame, in PoseEstimate estimate, IPersonList? people, double perceptionMs)
    {
        for (int y = 0; y < _height; y++)
        {
            frame.Pixels.AsSpan(y * frame.StrideBytes, _width * 3).CopyTo(_canvas.AsSpan(y * _width * 3));
        }

        int count = people?.PersonCount ?? (estimate.KeypointCount > 0 ? 1 : 0);
        for (int i = 0; i < count; i++)
        {
            if (people is null)
            {
                _person = estimate;
            }
            else
            {
                people.GetPerson(i, ref _person);
            }

            bool followed = _person.TrackId != 0 ? _person.TrackId == estimate.TrackId : i == 0;
            _painter.DrawPerson(_canvas, _width * 3, _person, followed);
        }

        _painter.DrawCaption(_canvas, _width * 3, string.Create(CultureInfo.InvariantCulture,
            $"frame {index}  {count} {(count == 1 ? "person" : "people")}  {perceptionMs:F1} ms"));
        if (_writer is not null)
        {
            _writer.Write(_canvas, _width * 3);
            FramesWritten++;
        }

        if (_snapshot is not null && (_snapshotFrame >= 0 ? index == _snapshotFrame : count > _snapshotPeople))
        {
            _canvas.CopyTo(_snapshot, 0);
            _snapshotPeople = count;
            SnapshotFrameIndex = index;
        }
    }

    /// <summary>Finishes the video and writes the snapshot, if a frame was chosen for it (none when the run ended before the frame asked for).</summary>
    /// <exception cref="Vision.Interop.OpenCvException">The snapshot cannot be written.</exception>
    public void Finish()
    {
        _writer?.Dispose();
        if (_snapshot is not null && SnapshotFrameIndex >= 0)
        {
            new BgrImage(_width, _height, _snapshot).Write(_snapshotPath!);
        }
    }

    /// <summary>Closes the video (finishing it) without writing the snapshot.</summary>
    public void Dispose() => _writer?.Dispose();
}
