namespace RobotEdge.Control.Tests.Drivers;

/// <summary>Hex strings as the manuals print packets ("FF FF FD 00 …") to bytes and back.</summary>
internal static class Hex
{
    public static byte[] Bytes(string spaced) => Convert.FromHexString(spaced.Replace(" ", string.Empty));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>Normalised form for comparisons: upper case, no spaces.</summary>
    public static string Normalize(string spaced) => spaced.Replace(" ", string.Empty).ToUpperInvariant();
}
