using OpenCvSharp;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Vision.Drawing;

/// <summary>
/// Draws people over a BGR24 frame in place with OpenCV's drawing functions: each person's skeleton
/// (the model card's bone pairs), their keypoints, a box around their found keypoints and their track
/// identity, in a colour picked by identity so that one person keeps one colour across frames; and a
/// caption line at the top left. Keypoints below the minimum confidence are neither drawn nor boxed.
/// For tools (<c>robotedge perceive</c>'s annotated video): allocates a little per call, not for the
/// frame path. One thread.
/// </summary>
public sealed unsafe class PoseOverlayPainter
{
    /// <summary>Box margin around the outermost found keypoints, pixels.</summary>
    public const int BoxMarginPx = 6;

    /// <summary>Bone thickness, pixels.</summary>
    public const int BoneThicknessPx = 2;

    /// <summary>Keypoint dot radius, pixels.</summary>
    public const int KeypointRadiusPx = 3;

    /// <summary>Colours by identity (BGR), distinct on footage and on each other; identity 0 (untracked) takes the first.</summary>
    private static readonly Scalar[] Palette =
    [
        new(0, 255, 0), new(255, 128, 0), new(0, 128, 255), new(255, 0, 255),
        new(0, 255, 255), new(255, 255, 0), new(128, 0, 255), new(0, 0, 255),
    ];

    private readonly int[][] _skeleton;
    private readonly float _minConfidence;

    /// <summary>Prepares drawing for frames of <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    /// <param name="width">Frame width, pixels.</param>
    /// <param name="height">Frame height, pixels.</param>
    /// <param name="skeleton">Bones as pairs of keypoint indices (the model card's <c>skeleton</c>); pairs naming a keypoint past a person's count are skipped.</param>
    /// <param name="minConfidence">Keypoints below this confidence are not drawn, 0..1.</param>
    /// <exception cref="ArgumentException">A bone is not a pair of non-negative indices.</exception>
    public PoseOverlayPainter(int width, int height, int[][] skeleton, float minConfidence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        foreach (int[] bone in skeleton)
        {
            if (bone.Length != 2 || bone[0] < 0 || bone[1] < 0)
            {
                throw new ArgumentException($"skeleton bone [{string.Join(", ", bone)}] is not a pair of keypoint indices", nameof(skeleton));
            }
        }

        Width = width;
        Height = height;
        _skeleton = skeleton;
        _minConfidence = minConfidence;
    }

    /// <summary>Frame width, pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height, pixels.</summary>
    public int Height { get; }

    /// <summary>The colour (B, G, R) a person of identity <paramref name="trackId"/> is drawn in.</summary>
    public static (byte B, byte G, byte R) ColourOf(int trackId)
    {
        Scalar c = Palette[(int)((uint)trackId % (uint)Palette.Length)];
        return ((byte)c.Val0, (byte)c.Val1, (byte)c.Val2);
    }

    /// <summary>
    /// The box drawn around <paramref name="person"/>: the found keypoints' extent plus
    /// <see cref="BoxMarginPx"/>, clipped to the frame, its edges on the pixels
    /// <c>X</c>, <c>Y</c>, <c>Right − 1</c>, <c>Bottom − 1</c>; false when no keypoint was found.
    /// </summary>
    public bool TryGetBox(in PoseEstimate person, out Rect box)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        int count = Math.Min(person.KeypointCount, KeypointSet.Capacity);
        for (int k = 0; k < count; k++)
        {
            Keypoint p = person.Keypoints[k];
            if (p.Confidence >= _minConfidence && float.IsFinite(p.XPx) && float.IsFinite(p.YPx))
            {
                left = Math.Min(left, p.XPx);
                top = Math.Min(top, p.YPx);
                right = Math.Max(right, p.XPx);
                bottom = Math.Max(bottom, p.YPx);
            }
        }

        if (left > right)
        {
            box = default;
            return false;
        }

        int x0 = Math.Clamp((int)MathF.Floor(left) - BoxMarginPx, 0, Width - 1);
        int y0 = Math.Clamp((int)MathF.Floor(top) - BoxMarginPx, 0, Height - 1);
        int x1 = Math.Clamp((int)MathF.Ceiling(right) + BoxMarginPx, 0, Width - 1);
        int y1 = Math.Clamp((int)MathF.Ceiling(bottom) + BoxMarginPx, 0, Height - 1);
        box = new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        return true;
    }

    /// <summary>
    /// Draws <paramref name="person"/> over the frame: bones, keypoints, box and "#id" label;
    /// <paramref name="followed"/> draws the box thicker (the person the robot follows).
    /// </summary>
    /// <param name="bgr">The frame, <see cref="Height"/> rows of <paramref name="strideBytes"/> bytes; drawn on in place.</param>
    /// <param name="strideBytes">Bytes per row, at least <see cref="Width"/> × 3.</param>
    /// <param name="person">The person, keypoints in frame pixels.</param>
    /// <param name="followed">Whether this is the person the estimate reports.</param>
    public void DrawPerson(Span<byte> bgr, int strideBytes, in PoseEstimate person, bool followed)
    {
        CheckBuffer(bgr, strideBytes);
        Scalar colour = Palette[(int)((uint)person.TrackId % (uint)Palette.Length)];
        fixed (byte* pixels = bgr)
        {
            using Mat image = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, (nint)pixels, strideBytes);
            int count = Math.Min(person.KeypointCount, KeypointSet.Capacity);
            foreach (int[] bone in _skeleton)
            {
                if (bone[0] < count && bone[1] < count && Found(person.Keypoints[bone[0]]) && Found(person.Keypoints[bone[1]]))
                {
                    Cv2.Line(image, ToPoint(person.Keypoints[bone[0]]), ToPoint(person.Keypoints[bone[1]]), colour, BoneThicknessPx, LineTypes.AntiAlias);
                }
            }

            for (int k = 0; k < count; k++)
            {
                if (Found(person.Keypoints[k]))
                {
                    Cv2.Circle(image, ToPoint(person.Keypoints[k]), KeypointRadiusPx, colour, -1, LineTypes.AntiAlias);
                }
            }

            if (TryGetBox(person, out Rect box))
            {
                Cv2.Rectangle(image, box, colour, followed ? 3 : 1, LineTypes.Link8);
                string label = person.TrackId == 0 ? "?" : "#" + person.TrackId;
                var origin = new Point(box.X, Math.Max(12, box.Y - 4));
                Cv2.PutText(image, label, origin, HersheyFonts.HersheySimplex, 0.5, colour, 1, LineTypes.AntiAlias);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> at the top left, white on a dark band, for frame number and counts.</summary>
    public void DrawCaption(Span<byte> bgr, int strideBytes, string text)
    {
        CheckBuffer(bgr, strideBytes);
        fixed (byte* pixels = bgr)
        {
            using Mat image = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, (nint)pixels, strideBytes);
            Size size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, 0.5, 1, out int baseline);
            Cv2.Rectangle(image, new Rect(0, 0, Math.Min(Width, size.Width + 8), Math.Min(Height, size.Height + baseline + 8)), Scalar.Black, -1);
            Cv2.PutText(image, text, new Point(4, size.Height + 4), HersheyFonts.HersheySimplex, 0.5, Scalar.White, 1, LineTypes.AntiAlias);
        }
    }

    private bool Found(Keypoint p) => p.Confidence >= _minConfidence && float.IsFinite(p.XPx) && float.IsFinite(p.YPx);

    /// <summary>Rounds to a pixel; clamped so that a wild keypoint far outside the frame cannot overflow OpenCV's fixed-point line code.</summary>
    private static Point ToPoint(Keypoint p) => new((int)Math.Clamp(MathF.Round(p.XPx), -30_000f, 30_000f), (int)Math.Clamp(MathF.Round(p.YPx), -30_000f, 30_000f));

    private void CheckBuffer(Span<byte> bgr, int strideBytes)
    {
        if (strideBytes < Width * 3 || bgr.Length < (long)strideBytes * (Height - 1) + Width * 3)
        {
            throw new ArgumentException($"frame buffer of {bgr.Length} bytes with {strideBytes} bytes per row is too small for {Width}x{Height} BGR24");
        }
    }
}
