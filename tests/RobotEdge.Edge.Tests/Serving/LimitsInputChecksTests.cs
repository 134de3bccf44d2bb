using System.Buffers.Binary;
using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Serving.Connections;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>The checks behind the limits, value by value: finite tensors, log-safe text, the bearer header.</summary>
public sealed class LimitsInputChecksTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void The_first_non_finite_value_is_found_at_every_position(float odd)
    {
        // 67 values: several SIMD blocks of any width and a scalar tail.
        for (int at = 0; at < 67; at++)
        {
            byte[] tensor = Tensor(67, at, odd);
            Assert.Equal(at, FiniteTensor.IndexOfNonFinite(tensor));
        }

        // A NaN with a payload, and a negative (sign bit set) NaN, are NaN too.
        Assert.Equal(5, FiniteTensor.IndexOfNonFinite(Tensor(40, 5, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0001)))));
        Assert.Equal(5, FiniteTensor.IndexOfNonFinite(Tensor(40, 5, BitConverter.Int32BitsToSingle(0x7F80_0001))));
    }

    [Fact]
    public void Finite_extremes_pass_and_a_trailing_partial_value_is_ignored()
    {
        float[] extremes = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, -0f, 0f, 1e-45f, 3.4e38f];
        var tensor = new byte[extremes.Length * sizeof(float) + 3];
        for (int i = 0; i < extremes.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(tensor.AsSpan(i * sizeof(float)), extremes[i]);
        }

        tensor.AsSpan(extremes.Length * sizeof(float)).Fill(0xFF);
        Assert.Equal(-1, FiniteTensor.IndexOfNonFinite(tensor));
        Assert.Equal(-1, FiniteTensor.IndexOfNonFinite([]));
    }

    [Fact]
    public void Clean_text_is_returned_as_it_is_and_unsafe_characters_are_escaped()
    {
        const string Clean = "robot-7 (arm, bay 3)";
        Assert.Same(Clean, LogText.Sanitize(Clean));
        Assert.Equal("", LogText.Sanitize(null));
        Assert.Equal(@"a\u001b[31mb\u0000c\u000d\u000ad\u0085e\u202ef\u200bg", LogText.Sanitize("a\u001b[31mb\0c\r\nd\u0085e\u202ef\u200bg"));
        Assert.Equal("ünïcödé ok 🤖", LogText.Sanitize("ünïcödé ok 🤖"));
    }

    [Fact]
    public void Long_text_is_cut_saying_how_long_it_was()
    {
        string text = new('x', 1000);
        Assert.Equal(new string('x', 96) + "… (1000 chars)", LogText.Sanitize(text));
        Assert.Equal(new string('x', 10) + "… (1000 chars)", LogText.Sanitize(text, maxChars: 10));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER   abc  ", "abc")]
    [InlineData("  Bearer\tabc", "abc")]
    [InlineData("Bearer", null)]
    [InlineData("Bearer    ", null)]
    [InlineData("Basic abc", null)]
    [InlineData("Bearerabc", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_bearer_token_is_read_with_the_scheme_in_any_case(string? header, string? token) =>
        Assert.Equal(token, BearerCredentials.TokenOf(header));

    [Fact]
    public void The_challenge_names_an_error_only_when_a_token_was_presented_and_never_says_which_kind()
    {
        Assert.Equal("Bearer realm=\"robotedge\"", BearerCredentials.Challenge(AuthenticationResult.Missing));
        string unknown = BearerCredentials.Challenge(AuthenticationResult.Unknown);
        Assert.Contains("error=\"invalid_token\"", unknown, StringComparison.Ordinal);
        Assert.Equal(unknown, BearerCredentials.Challenge(AuthenticationResult.Revoked));
    }

    private static byte[] Tensor(int values, int at, float odd)
    {
        var tensor = new byte[values * sizeof(float)];
        for (int i = 0; i < values; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(tensor.AsSpan(i * sizeof(float)), i == at ? odd : i * 0.5f - 3);
        }

        return tensor;
    }
}
