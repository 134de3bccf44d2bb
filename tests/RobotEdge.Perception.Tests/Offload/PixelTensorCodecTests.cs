using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;

namespace RobotEdge.Perception.Tests.Offload;

public class PixelTensorCodecTests
{
    private static ModelInputSpec Spec(int width, int height) => new()
    {
        Name = "image",
        Width = width,
        Height = height,
        ChannelOrder = ChannelOrder.Rgb,
        Mean = [123.675f, 116.28f, 103.53f], // ImageNet's, as RTMPose cards have
        Std = [58.395f, 57.12f, 57.375f],
    };

    [Theory]
    [InlineData(256, 256)]
    [InlineData(7, 5)] // shorter than one vector: the scalar tail only
    [InlineData(33, 3)] // one vector and a tail
    public void EncodesExactlyAsTheScalarFormulaAndDecodesBackWithinHalfAGreyLevel(int width, int height)
    {
        ModelInputSpec spec = Spec(width, height);
        var codec = new PixelTensorCodec(spec);
        var random = new Random(20261121);
        int plane = width * height;
        var tensor = new float[3 * plane];
        for (int i = 0; i < tensor.Length; i++)
        {
            int c = i / plane;
            // Pixels 0..255 with fractions, exact halves (ties round to even), and values beyond 0..255 (clamped).
            float pixel = (i % 5) switch
            {
                0 => random.Next(0, 256) + 0.5f,
                1 => random.Next(-40, 0),
                2 => random.Next(256, 300),
                _ => (float)(random.NextDouble() * 255),
            };
            tensor[i] = (pixel - spec.Mean[c]) / spec.Std[c];
        }

        var bytes = new byte[tensor.Length];
        codec.Encode(tensor, bytes);
        for (int i = 0; i < tensor.Length; i++)
        {
            int c = i / plane;
            byte expected = (byte)Math.Clamp(MathF.Round(tensor[i] * spec.Std[c] + spec.Mean[c]), 0f, 255f);
            Assert.Equal(expected, bytes[i]);
        }

        var decoded = new float[tensor.Length];
        codec.Decode(bytes, decoded);
        for (int i = 0; i < tensor.Length; i++)
        {
            int c = i / plane;
            Assert.Equal((bytes[i] - spec.Mean[c]) / spec.Std[c], decoded[i], 1e-6f);
            float original = Math.Clamp(tensor[i] * spec.Std[c] + spec.Mean[c], 0f, 255f);
            Assert.InRange(MathF.Abs(decoded[i] * spec.Std[c] + spec.Mean[c] - original), 0f, 0.5001f);
        }
    }
}
