using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;

namespace RobotEdge.Perception.Tests.Offload;

public class PixelTensorCodecTests
{
    [Fact]
    public void PixelBytesRoundTripToWithinHalfAGreyLevel()
    {
        var input = new ModelInputSpec { Name = "image", Width = 8, Height = 4, Mean = [10f, 20f, 30f], Std = [255f, 128f, 64f], PadValue = [128f, 128f, 128f] };
        var codec = new PixelTensorCodec(input);
        var random = new Random(7); // Fixed seed: reproducible values.
        var tensor = new float[codec.TensorLength];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < codec.PlaneLength; i++)
            {
                double pixel = random.NextDouble() * 255;
                tensor[c * codec.PlaneLength + i] = (float)((pixel - input.Mean[c]) / input.Std[c]);
            }
        }

        var bytes = new byte[codec.TensorLength];
        var back = new float[codec.TensorLength];
        codec.Encode(tensor, bytes);
        codec.Decode(bytes, back);

        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < codec.PlaneLength; i++)
            {
                int k = c * codec.PlaneLength + i;
                Assert.InRange(Math.Abs(back[k] - tensor[k]) * input.Std[c], 0, 0.5001);
            }
        }
    }
}
