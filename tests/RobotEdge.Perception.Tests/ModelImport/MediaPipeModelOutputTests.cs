using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using RobotEdge.Perception.ModelImport;

namespace RobotEdge.Perception.Tests.ModelImport;

/// <summary>
/// The converted MediaPipe models say sensible things about a real photo (messi5.jpg from Debian's
/// opencv-doc): the detector finds a person, each landmark model reports a pose and puts the nose
/// on the player's head; a uniform grey image gets neither.
/// </summary>
public sealed class MediaPipeModelOutputTests
{
    private const string Messi = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";

    // The player in messi5.jpg (548×342), located by eye: a square around his body, and his head.
    private const float CropCentreX = 262, CropCentreY = 195, CropSide = 420;
    private static readonly Rect2f Head = new(195, 50, 80, 80);

    [Theory]
    [InlineData(MediaPipePoseFiles.LandmarkLite)]
    [InlineData(MediaPipePoseFiles.LandmarkFull)]
    [InlineData(MediaPipePoseFiles.LandmarkHeavy)]
    public void Landmark_model_on_the_players_crop_reports_a_pose_with_the_nose_on_his_head(string file)
    {
        using var session = Load(file);
        using var photo = ReadMessi();
        using var crop = new Mat();
        float scale = 256 / CropSide;
        using var warp = Mat.FromArray(new double[,]
        {
            { scale, 0, 128 - CropCentreX * scale },
            { 0, scale, 128 - CropCentreY * scale },
        });
        Cv2.WarpAffine(photo, crop, warp, new Size(256, 256), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));

        var outputs = Run(session, ToTensor(crop, 0f, 1f));

        float presence = outputs[1][0];
        Assert.True(presence > 0.5f, $"pose flag {presence}");
        // Landmark 0 (nose): x, y in the 256×256 crop's pixels, mapped back into the photo.
        float noseX = (outputs[0][0] - 128) / scale + CropCentreX, noseY = (outputs[0][1] - 128) / scale + CropCentreY;
        Assert.True(Head.Contains(new Point2f(noseX, noseY)), $"nose at ({noseX:F0}, {noseY:F0}), head box {Head}");

        var grey = Run(session, Uniform(256, 0.5f));
        Assert.True(grey[1][0] < 0.5f, $"pose flag on a grey image {grey[1][0]}");
    }

    [Fact]
    public void Detector_finds_the_player_in_the_letterboxed_photo_and_nobody_in_grey()
    {
        using var session = Load(MediaPipePoseFiles.Detector);
        using var photo = ReadMessi();
        using var letterboxed = new Mat();
        float scale = 224f / photo.Width;
        using var warp = Mat.FromArray(new double[,] { { scale, 0, 0 }, { 0, scale, (224 - photo.Height * scale) / 2 } });
        Cv2.WarpAffine(photo, letterboxed, warp, new Size(224, 224), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));

        // The detector takes pixels scaled to [−1, 1]; its scores are logits.
        float best = Run(session, ToTensor(letterboxed, -1f, 1f))[1].Max();
        float bestGrey = Run(session, Uniform(224, 0f))[1].Max();

        Assert.True(Sigmoid(best) > 0.5f, $"best detection score {Sigmoid(best)}");
        Assert.True(Sigmoid(bestGrey) < 0.5f, $"best score on grey {Sigmoid(bestGrey)}");
    }

    private static InferenceSession Load(string file) =>
        new(TfliteImporter.Convert(File.ReadAllBytes(NpmDataFiles.File(file, AppContext.BaseDirectory)), out _));

    private static Mat ReadMessi()
    {
        Assert.True(File.Exists(Messi), $"{Messi} is missing: run scripts/bootstrap.sh (Debian package opencv-doc)");
        return Cv2.ImRead(Messi, ImreadModes.Color);
    }

    private static float[][] Run(InferenceSession session, DenseTensor<float> input)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        return results.Select(r => r.AsTensor<float>().ToArray()).ToArray();
    }

    /// <summary>An RGB NHWC tensor of the BGR image, 0..255 mapped linearly onto [low, high].</summary>
    private static DenseTensor<float> ToTensor(Mat bgr, float low, float high)
    {
        int height = bgr.Height, width = bgr.Width;
        var tensor = new DenseTensor<float>([1, height, width, 3]);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var pixel = bgr.At<Vec3b>(y, x);
                for (int c = 0; c < 3; c++)
                {
                    tensor[0, y, x, c] = low + pixel[2 - c] / 255f * (high - low);
                }
            }
        }

        return tensor;
    }

    private static DenseTensor<float> Uniform(int size, float value)
    {
        var tensor = new DenseTensor<float>([1, size, size, 3]);
        tensor.Fill(value);
        return tensor;
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
}
