using RobotEdge.ReferenceCheck.Tensors;

namespace RobotEdge.ReferenceCheck.Tests;

public sealed class Float32Base64Tests
{
    [Fact]
    public void RoundTripsEveryBitPattern()
    {
        float[] values = [0f, -0f, 1f, -1.5f, float.Epsilon, float.MaxValue, float.NegativeInfinity, 3.14159274f, 1e-30f];
        float[] back = Float32Base64.Decode(Float32Base64.Encode(values));
        Assert.Equal(values.Length, back.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(values[i]), BitConverter.SingleToInt32Bits(back[i]));
        }
    }

    [Fact]
    public void EncodesLittleEndianBytes()
    {
        // 1.0f is 0x3F800000: bytes 00 00 80 3F, base64 "AACAPw==".
        Assert.Equal("AACAPw==", Float32Base64.Encode([1f]));
    }

    [Fact]
    public void RefusesAPartialFloat()
    {
        Assert.Throws<FormatException>(() => Float32Base64.Decode(Convert.ToBase64String(new byte[] { 1, 2, 3 })));
    }
}
