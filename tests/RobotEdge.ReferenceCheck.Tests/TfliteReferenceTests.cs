using OpenCvSharp;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.Perception.ModelImport;
using RobotEdge.ReferenceCheck.NpmData;
using RobotEdge.ReferenceCheck.Tensors;
using RobotEdge.ReferenceCheck.Tflite;

namespace RobotEdge.ReferenceCheck.Tests;

/// <summary>
/// TFLite's own interpreter (tfjs-tflite's WASM in Chromium) on MediaPipe's published models:
/// the boundary it reports is the one the issue lists, and it answers as the model should on a
/// real person (messi5.jpg, nose labelled by hand at (240, 114) px of the 548×342 photo).
/// </summary>
public sealed class TfliteReferenceTests
{
    [Fact]
    public async Task ReportsTheLandmarkModelsBoundaryAndFindsAPersonInARealCrop()
    {
        await using TfliteReference tflite = await TfliteReference.StartAsync();
        TfliteReferenceModel model = await tflite.LoadAsync(ReferenceNpmData.File(MediaPipePoseFiles.LandmarkLite));

        TensorSignature input = Assert.Single(model.Inputs);
        Assert.Equal([1, 256, 256, 3], input.Shape);
        Assert.Equal("float32", input.DataType);
        Assert.Equal([[1, 195], [1, 1], [1, 256, 256, 1], [1, 64, 64, 39], [1, 117]], model.Outputs.Select(o => o.Shape));

        // The square of the photo from x = 103 to 445 (the person fills it), scaled by 256 / 342.
        using Mat photo = Cv2.ImRead(ReferenceInputFactory.SampleFile("messi5.jpg"));
        const int left = 103, side = 342;
        float[] crop = ReferenceInputFactory.ToTensor(photo, new Rect(left, 0, side, side), 256, 256, PixelRange.ZeroToOne);
        NamedTensor[] person = await model.RunAsync([crop]);
        NamedTensor[] noise = await model.RunAsync([ReferenceInputFactory.Noise(256, 256, PixelRange.ZeroToOne, seed: 7).Values]);

        // The pose flag: high on the person, low on noise.
        Assert.True(person[1].Values[0] > 0.5f, $"pose flag {person[1].Values[0]} on the person");
        Assert.True(noise[1].Values[0] < person[1].Values[0], $"pose flag {noise[1].Values[0]} on noise");

        // Landmark 0 (nose): x, y in the 256×256 input's pixels, within 15 px (4 % of the side) of the label.
        const double scale = 256.0 / side;
        double noseX = person[0].Values[0], noseY = person[0].Values[1];
        double labelX = (240 - left) * scale, labelY = 114 * scale;
        Assert.True(Math.Abs(noseX - labelX) < 15 && Math.Abs(noseY - labelY) < 15, $"nose at ({noseX:F1}, {noseY:F1}), labelled ({labelX:F1}, {labelY:F1})");
    }

    [Fact]
    public async Task RefusesInputsOfTheWrongLength()
    {
        await using TfliteReference tflite = await TfliteReference.StartAsync();
        TfliteReferenceModel model = await tflite.LoadAsync(ReferenceNpmData.File(MediaPipePoseFiles.LandmarkLite));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => model.RunAsync([new float[10]]));
        Assert.Contains("196608", error.Message);
    }
}
