using RobotEdge.Bus.Messages;
using RobotEdge.Vision.Drawing;

namespace RobotEdge.Vision.Tests.Drawing;

/// <summary>The overlay painter draws exactly the found keypoints, the card's bones and the box, in the person's colour.</summary>
public class PoseOverlayPainterTests
{
    private const int Width = 200;
    private const int Height = 150;

    /// <summary>Four corners of a rectangle found, one low-confidence point in its middle; bones 0–1 and 1–2 only.</summary>
    private static PoseEstimate Person(int trackId)
    {
        var person = new PoseEstimate { KeypointCount = 5, TrackId = trackId };
        person.Keypoints[0] = new Keypoint(40, 30, 0.9f);
        person.Keypoints[1] = new Keypoint(160, 30, 0.9f);
        person.Keypoints[2] = new Keypoint(160, 120, 0.9f);
        person.Keypoints[3] = new Keypoint(40, 120, 0.9f);
        person.Keypoints[4] = new Keypoint(100, 75, 0.1f);
        return person;
    }

    private static (byte B, byte G, byte R) At(byte[] image, int x, int y) => (image[(y * Width + x) * 3], image[(y * Width + x) * 3 + 1], image[(y * Width + x) * 3 + 2]);

    [Fact]
    public void BonesKeypointsAndBoxAreDrawnInThePersonsColourAndNothingElse()
    {
        var painter = new PoseOverlayPainter(Width, Height, [[0, 1], [1, 2]], 0.5f);
        var image = new byte[Width * Height * 3];
        PoseEstimate person = Person(trackId: 3);

        painter.DrawPerson(image, Width * 3, person, followed: false);

        var colour = PoseOverlayPainter.ColourOf(3);
        Assert.NotEqual(PoseOverlayPainter.ColourOf(3), PoseOverlayPainter.ColourOf(4));
        Assert.Equal(colour, At(image, 100, 30));   // the middle of bone 0–1
        Assert.Equal(colour, At(image, 160, 75));   // the middle of bone 1–2
        Assert.Equal(colour, At(image, 40, 120));   // keypoint 3's dot
        Assert.Equal((0, 0, 0), At(image, 100, 120)); // 2–3 is not a bone
        Assert.Equal((0, 0, 0), At(image, 100, 75)); // below the minimum confidence: not drawn
        Assert.True(painter.TryGetBox(person, out var box));
        int margin = PoseOverlayPainter.BoxMarginPx;
        Assert.Equal(new OpenCvSharp.Rect(40 - margin, 30 - margin, 120 + 2 * margin + 1, 90 + 2 * margin + 1), box);
        Assert.Equal(colour, At(image, 100, box.Top));   // the box's top edge, one pixel thick
        Assert.Equal((0, 0, 0), At(image, 100, box.Top + 1));
        Assert.Equal(colour, At(image, box.Left, 75));
        Assert.Equal(colour, At(image, box.Right - 1, 75));
        Assert.Equal((0, 0, 0), At(image, box.Right, 75));
    }

    [Fact]
    public void TheFollowedPersonsBoxIsThicker()
    {
        var painter = new PoseOverlayPainter(Width, Height, [], 0.5f);
        var image = new byte[Width * Height * 3];
        PoseEstimate person = Person(trackId: 1);
        painter.DrawPerson(image, Width * 3, person, followed: true);
        Assert.True(painter.TryGetBox(person, out var box));
        Assert.Equal(PoseOverlayPainter.ColourOf(1), At(image, 100, box.Top + 1));
        Assert.Equal((0, 0, 0), At(image, 100, box.Top + 3));
    }

    [Fact]
    public void NoKeypointFoundMeansNoBoxAndNothingDrawn()
    {
        var painter = new PoseOverlayPainter(Width, Height, [[0, 1]], 0.5f);
        var image = new byte[Width * Height * 3];
        var person = new PoseEstimate { KeypointCount = 2, TrackId = 2 };
        person.Keypoints[0] = new Keypoint(50, 50, 0.2f);
        person.Keypoints[1] = new Keypoint(float.NaN, 1e12f, 1f);

        painter.DrawPerson(image, Width * 3, person, followed: true);

        Assert.False(painter.TryGetBox(person, out _));
        Assert.All(image, b => Assert.Equal(0, b));
    }

    [Fact]
    public void KeypointsFarOutsideTheFrameAreClippedNotFatal()
    {
        var painter = new PoseOverlayPainter(Width, Height, [[0, 1]], 0.5f);
        var image = new byte[Width * Height * 3];
        var person = new PoseEstimate { KeypointCount = 2, TrackId = 5 };
        person.Keypoints[0] = new Keypoint(-1e9f, 75, 1f);
        person.Keypoints[1] = new Keypoint(1e9f, 75, 1f);

        painter.DrawPerson(image, Width * 3, person, followed: false);

        Assert.Equal(PoseOverlayPainter.ColourOf(5), At(image, 100, 75)); // the bone crosses the whole frame
        Assert.True(painter.TryGetBox(person, out var box));
        Assert.Equal(new OpenCvSharp.Rect(0, 75 - PoseOverlayPainter.BoxMarginPx, Width, 2 * PoseOverlayPainter.BoxMarginPx + 1), box);
    }

    [Fact]
    public void TheCaptionSitsOnADarkBandAtTheTopLeft()
    {
        var painter = new PoseOverlayPainter(Width, Height, [], 0.5f);
        var image = Enumerable.Repeat((byte)200, Width * Height * 3).ToArray();
        painter.DrawCaption(image, Width * 3, "frame 7  2 people");
        Assert.Equal((0, 0, 0), At(image, 1, 1));
        Assert.Equal((200, 200, 200), At(image, Width - 2, Height - 2));
        int bright = 0;
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                var (b, g, r) = At(image, x, y);
                bright += b > 128 && b != 200 && b == g && g == r ? 1 : 0; // text, not the untouched background
            }
        }

        Assert.True(bright > 20, $"{bright} bright grey text pixels");
    }

    [Fact]
    public void ATooSmallBufferAndAMalformedBoneAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PoseOverlayPainter(Width, Height, [[0, 1, 2]], 0.5f));
        var painter = new PoseOverlayPainter(Width, Height, [], 0.5f);
        PoseEstimate person = Person(1);
        Assert.Throws<ArgumentException>(() => painter.DrawPerson(new byte[100], Width * 3, person, followed: false));
    }
}
