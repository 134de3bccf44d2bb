namespace RobotEdge.Perception.Models;

/// <summary>The model's input tensor: NCHW float32, a letterboxed, normalised image.</summary>
public sealed class ModelInputSpec
{
    /// <summary>Input tensor name in the ONNX graph.</summary>
    public string Name { get; set; } = "image";

    /// <summary>Tensor width (W) in pixels.</summary>
    public int Width { get; set; }

    /// <summary>Tensor height (H) in pixels.</summary>
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
}
