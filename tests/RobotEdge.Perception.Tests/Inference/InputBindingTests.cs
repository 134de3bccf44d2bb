using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using RobotEdge.Perception.Inference;

namespace RobotEdge.Perception.Tests.Inference;

/// <summary>
/// The input binding as the loop uses it (<see cref="OnnxPoseModel.Run"/>): consecutive frames give
/// their own outputs, equal to a fresh unbound run's, in the mode the active provider picks and in
/// both modes forced on the CPU provider; and a run allocates nothing.
/// </summary>
public class InputBindingTests
{
    private const int Size = 256;

    /// <summary>Requested providers, and the binding mode forced (null: the one the chosen provider needs).</summary>
    public static TheoryData<ExecutionProvider[], InputBindingMode?> Cases => new()
    {
        { [ExecutionProvider.Cuda, ExecutionProvider.Cpu], null },
        { [ExecutionProvider.Cpu], InputBindingMode.BoundOnce },
        { [ExecutionProvider.Cpu], InputBindingMode.RebindEachRun },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachFrameGetsItsOwnOutputEqualToAnUnboundRun(ExecutionProvider[] providers, InputBindingMode? mode)
    {
        using var model = OnnxPoseModel.Load(TestModels.MarkerCard, providers, NullLogger.Instance, bindingMode: mode);
        Assert.Equal(mode ?? InputBinder.ModeFor(model.Provider), model.InputBindingMode);
        var frameA = new float[3 * Size * Size];
        var frameB = new float[3 * Size * Size];
        MarkerFrames.Write(frameA, Size, 100, 60, 1f, 0f, 0f);
        MarkerFrames.Write(frameB, Size, 30, 180, 0f, 0f, 1f);
        string path = TestModels.MarkerCard.ModelPath;
        string inputName = TestModels.MarkerCard.Input.Name;
        string outputName = TestModels.MarkerCard.Output.Name;
        float[] truthA = MarkerFrames.UnboundRun(path, inputName, outputName, frameA, model.InputShape);
        float[] truthB = MarkerFrames.UnboundRun(path, inputName, outputName, frameB, model.InputShape);

        frameA.CopyTo(model.InputTensor);
        model.Run();
        float[] outA = model.OutputTensor.ToArray();
        frameB.CopyTo(model.InputTensor);
        model.Run();
        float[] outB = model.OutputTensor.ToArray();
        frameA.CopyTo(model.InputTensor);
        model.Run();
        float[] outAAgain = model.OutputTensor.ToArray();

        // The frames light different heatmaps (red: keypoint 0, blue: keypoint 2) at different places.
        Assert.True(MarkerFrames.MaxAbsDifference(truthA, truthB) > 0.9f);
        // Equal to the unbound run within float rounding (a device provider may fuse differently).
        Assert.InRange(MarkerFrames.MaxAbsDifference(outA, truthA), 0f, 1e-4f);
        Assert.InRange(MarkerFrames.MaxAbsDifference(outB, truthB), 0f, 1e-4f);
        Assert.InRange(MarkerFrames.MaxAbsDifference(outAAgain, truthA), 0f, 1e-4f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunAllocatesNothingInSteadyState(ExecutionProvider[] providers, InputBindingMode? mode)
    {
        using var model = OnnxPoseModel.Load(TestModels.MarkerCard, providers, NullLogger.Instance, bindingMode: mode);
        Span<float> input = model.InputTensor;
        for (int i = 0; i < 20; i++)
        {
            input[i] = i * 0.01f;
            model.Run();
        }

        const int runs = 300;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++)
        {
            input[i] = 1f;
            model.Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(ExecutionProvider.Cpu, InputBindingMode.BoundOnce)]
    [InlineData(ExecutionProvider.Cuda, InputBindingMode.RebindEachRun)]
    [InlineData(ExecutionProvider.TensorRt, InputBindingMode.RebindEachRun)]
    public void TheModeFollowsTheProvider(ExecutionProvider provider, InputBindingMode expected)
    {
        Assert.Equal(expected, InputBinder.ModeFor(provider));
        Assert.Equal(expected, OnnxPoseModel.ChooseBindingMode(provider, null));
    }

    [Theory]
    [InlineData(ExecutionProvider.Cuda)]
    [InlineData(ExecutionProvider.TensorRt)]
    public void BindingOnceIsRefusedOnADeviceProvider(ExecutionProvider provider)
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxPoseModel.ChooseBindingMode(provider, InputBindingMode.BoundOnce));
        Assert.Contains("BoundOnce", e.Message);
        Assert.Contains(provider.ToString(), e.Message);
    }

    [Fact]
    public void RebindEachRunBindsTheInputBeforeEveryRunAndBoundOnceDoesNot()
    {
        using var session = new InferenceSession(TestModels.MarkerCard.ModelPath);
        using var runOptions = new RunOptions();
        using OrtIoBinding binding = session.CreateIoBinding();
        float[] input = GC.AllocateArray<float>(3 * Size * Size, pinned: true);
        float[] output = GC.AllocateArray<float>(4 * (Size / 2) * (Size / 2), pinned: true);
        using OrtValue outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, 4, Size / 2, Size / 2]);
        binding.BindOutput("heatmaps", outputValue);
        MarkerFrames.Write(input, Size, 100, 60, 1f, 0f, 0f);

        using (var rebinding = new InputBinder(binding, "image", input, [1, 3, Size, Size], InputBindingMode.RebindEachRun))
        {
            // Whatever was bound before, the run sees the input bound by BeforeRun.
            binding.ClearBoundInputs();
            rebinding.BeforeRun();
            session.RunWithBinding(runOptions, binding);
            Assert.InRange(output.Max(), 0.99f, 1.01f);
        }

        using var once = new InputBinder(binding, "image", input, [1, 3, Size, Size], InputBindingMode.BoundOnce);
        binding.ClearBoundInputs();
        once.BeforeRun();
        Assert.Throws<OnnxRuntimeException>(() => session.RunWithBinding(runOptions, binding));
    }

    [Theory]
    [InlineData(InputBindingMode.BoundOnce)]
    [InlineData(InputBindingMode.RebindEachRun)]
    public void AnInputNameTheModelLacksFailsWhenBoundNamingIt(InputBindingMode mode)
    {
        using var session = new InferenceSession(TestModels.MarkerCard.ModelPath);
        using OrtIoBinding binding = session.CreateIoBinding();
        float[] buffer = GC.AllocateArray<float>(3 * Size * Size, pinned: true);

        var e = Assert.Throws<InvalidOperationException>(() => new InputBinder(binding, "pixels", buffer, [1, 3, Size, Size], mode));
        Assert.Contains("ONNX Runtime refused to bind input 'pixels'", e.Message);
        Assert.Contains("pixels", e.Message[e.Message.IndexOf(':')..]);
    }

    [Fact]
    public void ABufferSmallerThanTheShapeIsRefused()
    {
        using var session = new InferenceSession(TestModels.MarkerCard.ModelPath);
        using OrtIoBinding binding = session.CreateIoBinding();
        float[] buffer = GC.AllocateArray<float>(3 * Size * Size - 1, pinned: true);

        var e = Assert.Throws<ArgumentException>(() => new InputBinder(binding, "image", buffer, [1, 3, Size, Size], InputBindingMode.BoundOnce));
        Assert.Contains("needs 196608 floats", e.Message);
    }
}
