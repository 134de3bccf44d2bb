using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Tests.Inference;

namespace RobotEdge.Perception.Tests;

public class OnnxModelTests
{
    [Fact]
    public void GeneratedModelLoadsInOnnxRuntimeWithTheCardsShapes()
    {
        using var model = TestModels.LoadMarkerModel();

        Assert.Equal(ExecutionProvider.Cpu, model.Provider);
        Assert.Equal([1L, 3, 256, 256], model.InputShape);
        Assert.Equal([1L, 4, 128, 128], model.OutputShape);
    }

    [Fact]
    public void TensorRtWithAnEngineCacheRunsOnTensorRtWhereItOpensAndOtherwiseFallsBackToCpuSayingSo()
    {
        string cache = Path.Combine(AppContext.BaseDirectory, "generated-models", Guid.NewGuid().ToString("n"), "trt");
        var logger = new ListLogger();
        using var model = OnnxPoseModel.Load(TestModels.MarkerCard, [ExecutionProvider.TensorRt, ExecutionProvider.Cpu], logger,
            tensorRtEngineCacheDir: cache);

        if (GpuProviders.TensorRtOpens)
        {
            Assert.Equal(ExecutionProvider.TensorRt, model.Provider);
            Assert.Equal(InputBindingMode.RebindEachRun, model.InputBindingMode);
            model.InputTensor.Fill(0.5f);
            model.Run();
            // The engine TensorRT built for the model is kept in the cache folder.
            Assert.NotEmpty(Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories));
            Assert.Contains(logger.Lines, l => l.Id == 103 && l.Text.Contains(cache));
            Assert.Contains(logger.Lines, l => l.Id == 100 && l.Text.Contains("runs on ONNX Runtime's TensorRt provider"));
        }
        else
        {
            // Not a failure: the request is logged as falling back, and the model runs on the CPU.
            Assert.Equal(ExecutionProvider.Cpu, model.Provider);
            Assert.Equal(InputBindingMode.BoundOnce, model.InputBindingMode);
            Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("TensorRt") && l.Text.Contains("falling back"));
            Assert.Contains(logger.Lines, l => l.Id == 100 && l.Text.Contains("runs on ONNX Runtime's Cpu provider"));
        }
    }

    [Fact]
    public void GenerationIsReproducibleByteForByte()
    {
        byte[] a = MarkerPoseModelGenerator.BuildModel(256, 256).ToByteArray();
        byte[] b = MarkerPoseModelGenerator.BuildModel(256, 256).ToByteArray();
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0, 1f, 0f, 0f)]
    [InlineData(1, 0f, 1f, 0f)]
    [InlineData(2, 0f, 0f, 1f)]
    [InlineData(3, 1f, 1f, 0f)]
    public void AMarkerColourLightsOnlyItsOwnHeatmapAtItsPlace(int keypoint, float r, float g, float b)
    {
        using var model = TestModels.LoadMarkerModel();
        Span<float> input = model.InputTensor;
        input.Fill(0.5f); // mid grey everywhere
        // An 8x8 patch of the marker colour at tensor pixels x 100..107, y 60..67 (RGB planes).
        const int size = 256;
        for (int y = 60; y < 68; y++)
        {
            for (int x = 100; x < 108; x++)
            {
                input[0 * size * size + y * size + x] = r;
                input[1 * size * size + y * size + x] = g;
                input[2 * size * size + y * size + x] = b;
            }
        }

        model.Run();

        ReadOnlySpan<float> output = model.OutputTensor;
        const int map = 128;
        for (int k = 0; k < 4; k++)
        {
            ReadOnlySpan<float> plane = output.Slice(k * map * map, map * map);
            float peak = 0;
            int peakIndex = 0;
            for (int i = 0; i < plane.Length; i++)
            {
                if (plane[i] > peak)
                {
                    peak = plane[i];
                    peakIndex = i;
                }
            }

            if (k == keypoint)
            {
                // A perfect patch scores 1; the 3x3 smoothing keeps the interior at 1.
                Assert.InRange(peak, 0.99f, 1.01f);
                Assert.InRange(peakIndex % map, 50, 53); // x 100..107 at stride 2 → cells 50..53
                Assert.InRange(peakIndex / map, 30, 33);
            }
            else
            {
                Assert.Equal(0f, peak);
            }
        }
    }

    [Fact]
    public void MissingModelFileIsAClearError()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "generated-models", Guid.NewGuid().ToString("n"));
        ModelCard card = MarkerPoseModelGenerator.Generate(folder, "gone");
        File.Delete(card.ModelPath);

        var e = Assert.Throws<FileNotFoundException>(() => OnnxPoseModel.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance));
        Assert.Contains("gone.onnx", e.Message);
    }

    [Fact]
    public void CudaRequestRunsOnCudaWhereItOpensAndOtherwiseFallsBackToCpuSayingSo()
    {
        var logger = new ListLogger();
        using var model = OnnxPoseModel.Load(TestModels.MarkerCard, [ExecutionProvider.Cuda, ExecutionProvider.Cpu], logger);

        if (GpuProviders.CudaOpens)
        {
            Assert.Equal(ExecutionProvider.Cuda, model.Provider);
            Assert.Equal(InputBindingMode.RebindEachRun, model.InputBindingMode);
            Assert.Contains(logger.Lines, l => l.Id == 100 && l.Text.Contains("runs on ONNX Runtime's Cuda provider"));
        }
        else
        {
            // Asking for CUDA where it does not open must not fail: it is logged, and the model runs on the CPU.
            Assert.Equal(ExecutionProvider.Cpu, model.Provider);
            Assert.Equal(InputBindingMode.BoundOnce, model.InputBindingMode);
            Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("Cuda") && l.Text.Contains("falling back"));
            Assert.Contains(logger.Lines, l => l.Id == 100 && l.Text.Contains("runs on ONNX Runtime's Cpu provider"));
        }
    }

    [Fact]
    public void CardWithWrongInputNameIsRejectedNamingTheCard()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "generated-models", Guid.NewGuid().ToString("n"));
        ModelCard card = MarkerPoseModelGenerator.Generate(folder, "renamed");
        card.Input.Name = "pixels";
        string path = card.SourcePath!;
        card.Save(path);

        var e = Assert.Throws<InvalidDataException>(() => OnnxPoseModel.Load(ModelCard.Load(path), [ExecutionProvider.Cpu], NullLogger.Instance));
        Assert.Contains("no input named 'pixels'", e.Message);
    }

    [Fact]
    public void MalformedCardIsRejected()
    {
        string path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "generated-models")).FullName, Guid.NewGuid().ToString("n") + ".card.json");
        File.WriteAllText(path, """{ "modelFile": "m.onnx", "input": { "width": 0, "height": 256 }, "keypoints": ["a"] }""");

        var e = Assert.Throws<InvalidDataException>(() => ModelCard.Load(path));
        Assert.Contains("input size 0x256", e.Message);
    }
}
