using OpenCvSharp;

namespace RobotEdge.ReferenceCheck.Inputs;

/// <summary>
/// Inputs for comparing a converted image model with its original: seeded uniform noise over the
/// model's pixel range, and real frames (Debian opencv-doc's photos and vtest.avi pedestrians,
/// centre-cropped to a square and resized to the model's input). Noise reaches every weight with
/// values a camera never makes; real frames drive the activations the model was trained for.
/// </summary>
public static class ReferenceInputFactory
{
    /// <summary>Where Debian's opencv-doc package installs its sample data.</summary>
    public const string OpenCvSampleFolder = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>The still photos with people, in the order they are used.</summary>
    public static readonly string[] StillPhotos = ["messi5.jpg", "basketball1.png", "basketball2.png"];

    /// <summary>The pedestrian footage.</summary>
    public const string PedestrianVideo = "vtest.avi";

    /// <summary>
    /// <paramref name="count"/> inputs of <paramref name="height"/>×<paramref name="width"/>×3: the
    /// first half (rounded up) seeded noise (seeds <paramref name="seed"/>, +1, …: the same inputs on
    /// every run, so a figure can be reproduced), the rest real frames: the still photos first, then
    /// vtest.avi frames spread evenly over the video.
    /// </summary>
    /// <exception cref="FileNotFoundException">opencv-doc's data is missing (the message says to run scripts/bootstrap.sh).</exception>
    public static IReadOnlyList<ReferenceInput> Create(int height, int width, PixelRange range, int count, int seed = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var inputs = new List<ReferenceInput>(count);
        int noiseCount = (count + 1) / 2;
        for (int i = 0; i < noiseCount; i++)
        {
            inputs.Add(Noise(height, width, range, seed + i));
        }

        int realCount = count - noiseCount;
        foreach (string photo in StillPhotos.Take(realCount))
        {
            using Mat image = Cv2.ImRead(SampleFile(photo), ImreadModes.Color);
            inputs.Add(new ReferenceInput(photo, ToTensor(image, height, width, range), IsRealFrame: true));
        }

        int videoFrames = realCount - Math.Min(realCount, StillPhotos.Length);
        if (videoFrames > 0)
        {
            inputs.AddRange(VideoFrames(SampleFile(PedestrianVideo), videoFrames, height, width, range));
        }

        return inputs;
    }

    /// <summary>Uniform noise over <paramref name="range"/> from a seeded generator.</summary>
    public static ReferenceInput Noise(int height, int width, PixelRange range, int seed)
    {
        var random = new Random(seed);
        var values = new float[height * width * 3];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = range.Low + (range.High - range.Low) * random.NextSingle();
        }

        return new ReferenceInput($"noise (seed {seed})", values, IsRealFrame: false);
    }

    /// <summary>
    /// An 8-bit BGR image as an NHWC RGB tensor: the largest centred square, resized (bilinear) to
    /// <paramref name="height"/>×<paramref name="width"/>, pixels mapped through <paramref name="range"/>.
    /// </summary>
    public static float[] ToTensor(Mat bgr, int height, int width, PixelRange range)
    {
        int side = Math.Min(bgr.Width, bgr.Height);
        return ToTensor(bgr, new Rect((bgr.Width - side) / 2, (bgr.Height - side) / 2, side, side), height, width, range);
    }

    /// <summary>
    /// The <paramref name="region"/> of an 8-bit BGR image (inside it) as an NHWC RGB tensor,
    /// resized (bilinear) to <paramref name="height"/>×<paramref name="width"/>, pixels mapped
    /// through <paramref name="range"/>.
    /// </summary>
    public static float[] ToTensor(Mat bgr, Rect region, int height, int width, PixelRange range)
    {
        using Mat cropped = new(bgr, region);
        using Mat resized = new();
        Cv2.Resize(cropped, resized, new Size(width, height), 0, 0, InterpolationFlags.Linear);
        resized.GetArray(out Vec3b[] pixels);
        var values = new float[pixels.Length * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            // BGR in, RGB out.
            values[3 * i] = range.FromByte(pixels[i].Item2);
            values[3 * i + 1] = range.FromByte(pixels[i].Item1);
            values[3 * i + 2] = range.FromByte(pixels[i].Item0);
        }

        return values;
    }

    /// <summary>A file of opencv-doc's sample data.</summary>
    /// <exception cref="FileNotFoundException">Missing; the message says to run scripts/bootstrap.sh.</exception>
    public static string SampleFile(string name)
    {
        string path = Path.Combine(OpenCvSampleFolder, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: install Debian's opencv-doc (scripts/bootstrap.sh does)", path);
        }

        return path;
    }

    private static IEnumerable<ReferenceInput> VideoFrames(string path, int count, int height, int width, PixelRange range)
    {
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new InvalidDataException($"OpenCV cannot open {path}");
        }

        int total = Math.Max(1, capture.FrameCount);
        using var frame = new Mat();
        var inputs = new List<ReferenceInput>(count);
        for (int i = 0; i < count; i++)
        {
            // Spread over the video: frame 0, then evenly up to the last.
            int index = (int)((long)i * (total - 1) / Math.Max(1, count - 1));
            capture.Set(VideoCaptureProperties.PosFrames, index);
            if (!capture.Read(frame) || frame.Empty())
            {
                throw new InvalidDataException($"{path}: cannot read frame {index}");
            }

            inputs.Add(new ReferenceInput($"{Path.GetFileName(path)} frame {index}", ToTensor(frame, height, width, range), IsRealFrame: true));
        }

        return inputs;
    }
}
