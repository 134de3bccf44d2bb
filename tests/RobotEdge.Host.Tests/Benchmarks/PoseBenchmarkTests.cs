using RobotEdge.Host.Benchmarks;
using RobotEdge.Host.Commands;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.ModelGeneration;
using RobotEdge.Perception.Models;

namespace RobotEdge.Host.Tests.Benchmarks;

/// <summary><c>bench pose</c>'s measurements: the counts and the allocation, never the times.</summary>
public sealed class PoseBenchmarkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-host-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AModelRunsTheAskedNumberOfTimesWithoutAllocating()
    {
        ModelCard card = MarkerPoseModelGenerator.Generate(_folder);
        PoseBenchRow row = PoseBenchmark.TimeModel("marker", card.ModelPath, ExecutionProvider.Cpu, threads: 1, runs: 50, warmUp: 5);
        Assert.Equal(("marker", "cpu", 1, 50), (row.Subject, row.Provider, row.Threads, row.Runs));
        Assert.True(row.MedianMs > 0 && row.P99Ms >= row.MedianMs, $"median {row.MedianMs}, p99 {row.P99Ms}");
        Assert.Equal(0, row.BytesPerRun);
        Assert.Null(row.Note);
    }

    [Fact]
    public void ACudaRowRunsOnADeviceOrSaysWhyNot()
    {
        ModelCard card = MarkerPoseModelGenerator.Generate(_folder);
        PoseBenchRow row = PoseBenchmark.TimeModel("marker", card.ModelPath, ExecutionProvider.Cuda, threads: 1, runs: 10, warmUp: 2);
        if (row.Runs == 0)
        {
            Assert.StartsWith("no CUDA device here", row.Note);
            Assert.Equal(0, row.MedianMs);
            Assert.StartsWith("marker", PoseBenchCommand.Format(row));
        }
        else
        {
            Assert.Equal(10, row.Runs);
            Assert.Equal(0, row.BytesPerRun);
        }
    }

    /// <summary>
    /// The lite pipeline on messi5.jpg repeated: one person found by the detector in the warm-up, then
    /// followed by the landmark model alone on every timed frame, with nothing allocated; the detection
    /// mode runs the detector on every frame and still finds the one person.
    /// </summary>
    [Fact]
    public void ThePipelineRowsCountPeopleAndDetectorRunsAndAllocateNothing()
    {
        string card = Path.Combine(AppContext.BaseDirectory, "robots", "person_follower", "cards", "blazepose_lite.card.json");
        List<Bus.Frames.Frame> frames = PoseBenchmark.LoadFrames("/usr/share/doc/opencv-doc/examples/data/messi5.jpg", 12);
        Assert.Equal(11L * 33_333_333, frames[11].Stamp.CaptureNs);

        PoseBenchRow tracking = PoseBenchmark.TimePipeline("lite, tracking", ModelCard.Load(card), ExecutionProvider.Cpu, 1, detectEveryFrame: false, frames, 4);
        PoseBenchRow detection = PoseBenchmark.TimePipeline("lite, detection", ModelCard.Load(card), ExecutionProvider.Cpu, 1, detectEveryFrame: true, frames, 4);

        Assert.Equal((8, 0.0), (tracking.Runs, tracking.BytesPerRun));
        Assert.Equal("1.00 people/frame (at most 1), detector on 0 of 8 frames", tracking.Note);
        Assert.Equal((8, 0.0), (detection.Runs, detection.BytesPerRun));
        Assert.Equal("1.00 people/frame (at most 1), detector on 8 of 8 frames", detection.Note);
        Assert.Throws<ArgumentException>(() => PoseBenchmark.TimePipeline("x", ModelCard.Load(card), ExecutionProvider.Cpu, 1, false, frames, 12));
    }

    [Fact]
    public void ModelArgumentsAreNameEqualsFile()
    {
        Assert.Equal([("lite", "a/b.onnx"), ("x", "c=d.onnx")], PoseBenchCommand.ParseModels(["lite=a/b.onnx", "x=c=d.onnx"]));
        Assert.Contains("name=file.onnx", Assert.Throws<ArgumentException>(() => PoseBenchCommand.ParseModels(["lite.onnx"])).Message);
        Assert.Throws<ArgumentException>(() => PoseBenchCommand.ParseModels(["=a.onnx"]));
        Assert.Throws<FileNotFoundException>(() => PoseBenchmark.TimeModel("gone", Path.Combine(_folder, "gone.onnx"), ExecutionProvider.Cpu, 1, 1, 0));
    }
}
