using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Tests.Scene;

public class PersonPhotoTests
{
    private const int W = 40, H = 60;

    /// <summary>
    /// A green (0, 180, 0) background with noise of ±10, a grey person (a 16 × 40 block) and, inside
    /// the person, a 4 × 4 patch of the background's green.
    /// </summary>
    private static (byte[] Bgr, int PersonPixels) Scene()
    {
        var bgr = new byte[W * H * 3];
        var random = new Random(7); // Fixed seed: the same noise every run.
        int person = 0;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                int o = (y * W + x) * 3;
                bool inPerson = x is >= 12 and < 28 && y is >= 10 and < 50;
                bool patch = x is >= 18 and < 22 && y is >= 28 and < 32;
                if (inPerson && !patch)
                {
                    (bgr[o], bgr[o + 1], bgr[o + 2]) = ((byte)120, (byte)110, (byte)100);
                }
                else
                {
                    (bgr[o], bgr[o + 1], bgr[o + 2]) = ((byte)random.Next(0, 11), (byte)(180 + random.Next(-10, 11)), (byte)random.Next(0, 11));
                }

                person += inPerson ? 1 : 0;
            }
        }

        return (bgr, person);
    }

    [Fact]
    public void TheBorderColourIsDroppedAroundThePersonButNotInsideThem()
    {
        (byte[] bgr, int personPixels) = Scene();
        PersonPhoto photo = PersonPhoto.Cut(W, H, bgr, 0, 0, W, H);

        int dropped = photo.DropBorderColour(tolerance: 40);

        Assert.Equal(W * H - personPixels, dropped);
        Assert.Equal(0, photo.Alpha[0]);
        Assert.Equal(255, photo.Alpha[20 * W + 15]);
        // The green patch inside the person is enclosed: it stays.
        Assert.Equal(255, photo.Alpha[30 * W + 20]);
    }

    [Fact]
    public void AToleranceBelowTheNoiseDropsOnlyPart()
    {
        (byte[] bgr, int personPixels) = Scene();
        PersonPhoto photo = PersonPhoto.Cut(W, H, bgr, 0, 0, W, H);

        int dropped = photo.DropBorderColour(tolerance: 3);

        Assert.InRange(dropped, 1, W * H - personPixels - 1);
    }

    [Fact]
    public void CuttingCopiesTheRectangleAndRefusesOneOutsideThePhoto()
    {
        (byte[] bgr, _) = Scene();
        PersonPhoto photo = PersonPhoto.Cut(W, H, bgr, 10, 8, 20, 30);

        Assert.Equal((20, 30), (photo.Width, photo.Height));
        Assert.Equal(bgr.AsSpan(((8 + 5) * W + 10) * 3, 20 * 3).ToArray(), photo.Bgr.AsSpan(5 * 20 * 3, 20 * 3).ToArray());
        Assert.All(photo.Alpha, a => Assert.Equal(255, a));
        var e = Assert.Throws<ArgumentException>(() => PersonPhoto.Cut(W, H, bgr, 30, 0, 20, 10));
        Assert.Contains("[30, 0, 20, 10] is not inside the 40x60 photo", e.Message, StringComparison.Ordinal);
    }
}
