using RobotEdge.Bus.Messages;

namespace RobotEdge.Sim.Scene;

/// <summary>
/// The picture on a person's billboard: a rectangle cut from a real photo (BGR24), an alpha mask
/// (255 = person, 0 = dropped background), and the person's 33 BlazePose landmarks labelled once on
/// this picture (pixels of the rectangle, visibility as confidence). Built at scenario load; read
/// only afterwards, from any thread.
/// </summary>
public sealed class PersonPhoto
{
    private readonly Keypoint[] _landmarks = new Keypoint[KeypointSet.Capacity];

    /// <summary>Wraps a picture and its mask (both row-major, <paramref name="width"/> × <paramref name="height"/>).</summary>
    /// <param name="width">Width, pixels.</param>
    /// <param name="height">Height, pixels.</param>
    /// <param name="bgr">BGR24 pixels, width × 3 bytes per row; kept, not copied.</param>
    /// <param name="alpha">One byte per pixel; kept, not copied.</param>
    public PersonPhoto(int width, int height, byte[] bgr, byte[] alpha)
    {
        if (width < 1 || height < 1 || bgr.Length != width * height * 3 || alpha.Length != width * height)
        {
            throw new ArgumentException($"a {width}x{height} picture needs {width * height * 3} BGR bytes and {width * height} alpha bytes, got {bgr.Length} and {alpha.Length}");
        }

        Width = width;
        Height = height;
        Bgr = bgr;
        Alpha = alpha;
    }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>BGR24 pixels, row-major.</summary>
    public byte[] Bgr { get; }

    /// <summary>Opacity per pixel, 0..255.</summary>
    public byte[] Alpha { get; }

    /// <summary>Whether <see cref="SetLandmarks"/> has labelled the person.</summary>
    public bool Labelled { get; private set; }

    /// <summary>The labelled landmarks in BlazePose order, pixels of this picture (all zero until labelled).</summary>
    public ReadOnlySpan<Keypoint> Landmarks => _landmarks;

    /// <summary>Labels the person: 33 landmarks in pixels of this picture. Load time only, before rendering starts.</summary>
    public void SetLandmarks(ReadOnlySpan<Keypoint> landmarks)
    {
        if (landmarks.Length != KeypointSet.Capacity)
        {
            throw new ArgumentException($"a person is labelled with {KeypointSet.Capacity} landmarks, got {landmarks.Length}");
        }

        landmarks.CopyTo(_landmarks);
        Labelled = true;
    }

    /// <summary>
    /// Cuts the rectangle (<paramref name="x"/>, <paramref name="y"/>, <paramref name="width"/>,
    /// <paramref name="height"/>) out of a BGR24 photo, fully opaque.
    /// </summary>
    /// <exception cref="ArgumentException">The rectangle is not inside the photo.</exception>
    public static PersonPhoto Cut(int photoWidth, int photoHeight, ReadOnlySpan<byte> photoBgr, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > photoWidth || y + height > photoHeight)
        {
            throw new ArgumentException($"the rectangle [{x}, {y}, {width}, {height}] is not inside the {photoWidth}x{photoHeight} photo");
        }

        var bgr = new byte[width * height * 3];
        for (int row = 0; row < height; row++)
        {
            photoBgr.Slice(((y + row) * photoWidth + x) * 3, width * 3).CopyTo(bgr.AsSpan(row * width * 3));
        }

        var alpha = new byte[width * height];
        Array.Fill(alpha, (byte)255);
        return new PersonPhoto(width, height, bgr, alpha);
    }

    /// <summary>
    /// Drops the background by a simple rule: the median colour (per channel) of the rectangle's
    /// border pixels is the background's colour, and every pixel reachable from the border through
    /// pixels within <paramref name="tolerance"/> of it (Euclidean distance over B, G, R) becomes
    /// transparent. Pixels enclosed by the person stay, even when their colour matches; a background
    /// that changes colour along the border is only partly dropped. Returns how many pixels were dropped.
    /// </summary>
    public int DropBorderColour(double tolerance)
    {
        int w = Width, h = Height;
        Span<byte> median = stackalloc byte[3];
        var border = new List<int>(2 * (w + h));
        for (int px = 0; px < w; px++)
        {
            border.Add(px);
            border.Add((h - 1) * w + px);
        }

        for (int py = 1; py < h - 1; py++)
        {
            border.Add(py * w);
            border.Add(py * w + w - 1);
        }

        var channel = new byte[border.Count];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < border.Count; i++)
            {
                channel[i] = Bgr[border[i] * 3 + c];
            }

            Array.Sort(channel);
            median[c] = channel[channel.Length / 2];
        }

        double toleranceSquared = tolerance * tolerance;
        var queue = new Queue<int>();
        foreach (int p in border)
        {
            if (Alpha[p] != 0 && Near(p, median, toleranceSquared))
            {
                Alpha[p] = 0;
                queue.Enqueue(p);
            }
        }

        int dropped = queue.Count;
        while (queue.Count > 0)
        {
            int p = queue.Dequeue();
            int px = p % w, py = p / w;
            Span<int> neighbours = [px > 0 ? p - 1 : -1, px < w - 1 ? p + 1 : -1, py > 0 ? p - w : -1, py < h - 1 ? p + w : -1];
            foreach (int n in neighbours)
            {
                if (n >= 0 && Alpha[n] != 0 && Near(n, median, toleranceSquared))
                {
                    Alpha[n] = 0;
                    dropped++;
                    queue.Enqueue(n);
                }
            }
        }

        return dropped;
    }

    private bool Near(int pixel, ReadOnlySpan<byte> colour, double toleranceSquared)
    {
        int o = pixel * 3;
        double db = Bgr[o] - colour[0], dg = Bgr[o + 1] - colour[1], dr = Bgr[o + 2] - colour[2];
        return db * db + dg * dg + dr * dr <= toleranceSquared;
    }
}
