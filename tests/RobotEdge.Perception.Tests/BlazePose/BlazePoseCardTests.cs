using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The blazepose model cards: the committed ones, the refusals, and converting the models on first use.</summary>
public sealed class BlazePoseCardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-blazepose-card-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("lite")]
    [InlineData("full")]
    [InlineData("heavy")]
    public void TheCommittedCardsDescribeTheMediaPipeModels(string variant)
    {
        ModelCard card = BlazePoseTestData.Card(variant);
        Assert.Equal(OutputDecoder.Blazepose, card.Output.Decoder);
        Assert.Equal(33, card.Keypoints.Length);
        for (int k = 0; k < 33; k++)
        {
            Assert.Equal(((Bus.Messages.BodyLandmark)k).ToString(), card.Keypoints[k].Replace("_", ""), ignoreCase: true);
        }

        Assert.Equal(35, card.Skeleton.Length);
        Assert.Equal($"@mediapipe/pose/pose_landmark_{variant}.tflite", card.BlazePose!.LandmarkSource);
        Assert.EndsWith(Path.Combine("person_follower", "models", "pose_detection.onnx"), card.DetectorPath);
        Assert.EndsWith(Path.Combine("person_follower", "models", $"pose_landmark_{variant}.onnx"), card.ModelPath);
    }

    [Theory]
    [InlineData("maxPeople", 0, "blazePose.maxPeople")]
    [InlineData("maxPeople", 9, "blazePose.maxPeople")]
    [InlineData("minDetectionScore", 1.0, "blazePose.minDetectionScore")]
    [InlineData("minPresence", 0.0, "blazePose.minPresence")]
    [InlineData("detectionTiles", 5, "blazePose.detectionTiles")]
    public void OutOfRangeSettingsAreRefusedByName(string field, double value, string named)
    {
        JsonObject card = LiteCardJson();
        card["blazePose"]![field] = field is "maxPeople" or "detectionTiles" ? JsonValue.Create((int)value) : JsonValue.Create(value);
        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Write(card)));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void ABlazeposeCardWithoutItsSectionOrWithOtherKeypointsIsRefused()
    {
        JsonObject card = LiteCardJson();
        card.Remove("blazePose");
        var missing = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Write(card)));
        Assert.Contains("blazePose", missing.Message);

        card = LiteCardJson();
        card["keypoints"] = new JsonArray("nose", "left_eye");
        card["skeleton"] = new JsonArray();
        var keypoints = Assert.Throws<InvalidDataException>(() => ModelCard.Load(Write(card)));
        Assert.Contains("33 BlazePose body landmarks", keypoints.Message);
    }

    [Fact]
    public void MissingModelsAreConvertedOnceFromTheNpmTfliteFilesAndAgainWhenOlder()
    {
        JsonObject json = LiteCardJson();
        json["modelFile"] = "converted/landmark.onnx";
        json["blazePose"]!["detectorFile"] = "converted/detector.onnx";
        ModelCard card = ModelCard.Load(Write(json));

        Assert.Equal(2, BlazePoseModels.EnsureConverted(card, NullLogger.Instance));
        Assert.True(File.Exists(card.ModelPath));
        Assert.True(File.Exists(card.DetectorPath));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "converted"), "*.tmp"));
        Assert.Equal(0, BlazePoseModels.EnsureConverted(card, NullLogger.Instance));

        File.SetLastWriteTimeUtc(card.ModelPath, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(1, BlazePoseModels.EnsureConverted(card, NullLogger.Instance));

        // The converted pair runs as the pipeline.
        using BlazePoseEstimator estimator = BlazePoseEstimator.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance);
        Assert.Equal(1, estimator.MaxPeople);
    }

    [Fact]
    public void AMissingModelWithoutASourceIsNamedInTheError()
    {
        JsonObject json = LiteCardJson();
        json["blazePose"]!["detectorFile"] = "nowhere/detector.onnx";
        json["blazePose"]!["detectorSource"] = "";
        ModelCard card = ModelCard.Load(Write(json));
        var e = Assert.Throws<FileNotFoundException>(() => BlazePoseModels.EnsureConverted(card, NullLogger.Instance));
        Assert.Contains("detector.onnx", e.Message);
        Assert.Contains("blazePose.detectorSource", e.Message);
    }

    [Fact]
    public void ModelsWhoseTensorsAreNotBlazePosesAreRefusedWithTheirShapes()
    {
        ModelCard card = BlazePoseTestData.Card();
        BlazePoseModels.EnsureConverted(card, NullLogger.Instance);
        using BoundTensorModel detector = BoundTensorModel.Load(card.DetectorPath!, "detector", [ExecutionProvider.Cpu], NullLogger.Instance);
        using BoundTensorModel alsoDetector = BoundTensorModel.Load(card.DetectorPath!, "detector", [ExecutionProvider.Cpu], NullLogger.Instance);
        var e = Assert.Throws<InvalidDataException>(() => new BlazePoseEstimator(detector, alsoDetector, card.BlazePose!, 0.5f));
        Assert.Contains("[1,224,224,3]", e.Message);
        Assert.Contains("[1,256,256,3]", e.Message);
    }

    private static JsonObject LiteCardJson()
    {
        string path = Path.Combine(BlazePoseTestData.RepositoryRoot, "robots", "person_follower", "cards", "blazepose_lite.card.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private string Write(JsonObject card)
    {
        string path = Path.Combine(_folder, "test.card.json");
        File.WriteAllText(path, card.ToJsonString());
        return path;
    }
}
