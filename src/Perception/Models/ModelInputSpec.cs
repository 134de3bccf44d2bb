using RobotEdge.Bus.Configuration;

namespace RobotEdge.Perception.Models;

/// <summary>The model's input tensor: NCHW float32, a letterboxed, normalised image.</summary>
public sealed class ModelInputSpec
{
    /// <summary>Input tensor name in the ONNX graph.</summary>
    public string Name { get; set; } = "image";

    /// <summary>Tensor width (W) in pixels.</summary>
    [RequiredField("the tensor size cannot be guessed")]
    public int Width { get; set; }

    /// <summary>Tensor height (H) in pixels.</summary>
    [RequiredField("the tensor size cannot be guessed")]
    public int Height { get; set; }

    /// <summary>Channel order of the tensor's C dimension.</summary>
    public ChannelOrder ChannelOrder { get; set; } = ChannelOrder.Rgb;

    /// <summary>Per-channel mean subtracted from the 0..255 pixel value, in tensor channel order.</summary>
    public float[] Mean { get; set; } = [0, 0, 0];

    /// <summary>Per-channel divisor applied after the mean, in tensor channel order.</summary>
    public float[] Std { get; set; } = [255, 255, 255];

    /// <summary>0..255 pixel value used for the letterbox border, in tensor channel order.</summary>
    public float[] PadValue { get; set; } = [128, 128, 128];

    /// <summary>Resampling used to scale the frame to the tensor.</summary>
    public ResizeMode Resize { get; set; } = ResizeMode.Bilinear;

    /// <summary>Largest tensor width or height accepted, pixels.</summary>
    public const int MaxSizePx = 4096;

    /// <summary>Checks every field; problems are named under <paramref name="path"/> (<c>input</c>).</summary>
    public void Validate(ConfigProblems problems, string path)
    {
        problems.NotEmpty(Name, $"{path}.name");
        bool widthFits = Width is >= 1 and <= MaxSizePx;
        problems.Require(widthFits && Height is >= 1 and <= MaxSizePx, widthFits ? $"{path}.height" : $"{path}.width",
            $"input size {Width}x{Height} must be within 1x1 and {MaxSizePx}x{MaxSizePx} pixels");
        problems.Require(Mean.Length == 3, $"{path}.mean", $"needs 3 values (one per channel), got {Mean.Length}");
        problems.Require(Std.Length == 3, $"{path}.std", $"needs 3 values (one per channel), got {Std.Length}");
        problems.Require(PadValue.Length == 3, $"{path}.padValue", $"needs 3 values (0..255, in the card's channel order), got {PadValue.Length}");
        for (int c = 0; c < Mean.Length; c++)
        {
            problems.Finite(Mean[c], $"{path}.mean[{c}]");
        }

        for (int c = 0; c < Std.Length; c++)
        {
            problems.Positive(Std[c], $"{path}.std[{c}]");
        }

        for (int c = 0; c < PadValue.Length; c++)
        {
            problems.Within(PadValue[c], 0, 255, $"{path}.padValue[{c}]");
        }
    }
}
