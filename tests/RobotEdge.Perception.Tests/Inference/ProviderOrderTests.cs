using Microsoft.Extensions.Logging;
using RobotEdge.Perception.Inference;

namespace RobotEdge.Perception.Tests.Inference;

/// <summary>
/// <c>model.providers</c> is taken in the order written: the first that opens runs, and a listed
/// provider that does not open here is named in a warning that also says which one runs instead.
/// Asserted for both kinds of machine (with and without a CUDA device), decided by asking ONNX
/// Runtime directly (<see cref="GpuProviders"/>).
/// </summary>
public class ProviderOrderTests
{
    /// <summary>The warning naming the providers that did not open and the one that runs.</summary>
    private const int SkippedWarningId = 104;

    /// <summary>The information line naming the provider that runs.</summary>
    private const int ChosenId = 100;

    [Fact]
    public void CudaAloneRunsOnCudaWhereItOpensElseAWarningNamesCudaAndSaysCpuRuns()
    {
        var logger = new ListLogger();
        using OnnxPoseModel model = OnnxPoseModel.Load(TestModels.MarkerCard, [ExecutionProvider.Cuda], logger);

        if (GpuProviders.CudaOpens)
        {
            Assert.Equal(ExecutionProvider.Cuda, model.Provider);
            Assert.DoesNotContain(logger.Lines, l => l.Id == SkippedWarningId);
        }
        else
        {
            Assert.Equal(ExecutionProvider.Cpu, model.Provider);
            var warning = Assert.Single(logger.Lines, l => l.Id == SkippedWarningId);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.Contains("Cuda", warning.Text);
            Assert.Contains("runs on Cpu", warning.Text);
        }
    }

    [Fact]
    public void CpuWrittenFirstRunsOnCpuAndNeverTriesTheProvidersAfterIt()
    {
        var logger = new ListLogger();
        using OnnxPoseModel model = OnnxPoseModel.Load(TestModels.MarkerCard, [ExecutionProvider.Cpu, ExecutionProvider.Cuda], logger);

        Assert.Equal(ExecutionProvider.Cpu, model.Provider);
        // CUDA comes after CPU, which always opens: it is not tried, so nothing about it is logged.
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Contains(logger.Lines, l => l.Id == ChosenId && l.Text.Contains("runs on ONNX Runtime's Cpu provider"));
    }

    [Fact]
    public void TensorRtThenCudaThenCpuRunsOnTheFirstThatOpensAndNamesEverySkippedOne()
    {
        var logger = new ListLogger();
        using OnnxPoseModel model = OnnxPoseModel.Load(TestModels.MarkerCard,
            [ExecutionProvider.TensorRt, ExecutionProvider.Cuda, ExecutionProvider.Cpu], logger);

        ExecutionProvider expected = GpuProviders.TensorRtOpens ? ExecutionProvider.TensorRt
            : GpuProviders.CudaOpens ? ExecutionProvider.Cuda
            : ExecutionProvider.Cpu;
        Assert.Equal(expected, model.Provider);
        if (expected == ExecutionProvider.TensorRt)
        {
            Assert.DoesNotContain(logger.Lines, l => l.Id == SkippedWarningId);
            return;
        }

        var warning = Assert.Single(logger.Lines, l => l.Id == SkippedWarningId);
        // Named in the order tried: TensorRT, and CUDA too when it did not open either.
        Assert.Contains(expected == ExecutionProvider.Cpu ? "(s) TensorRt, Cuda requested" : "(s) TensorRt requested", warning.Text);
        Assert.Contains($"runs on {expected}", warning.Text);
    }
}
