namespace RobotEdge.Bus.Network.Protocol;

/// <summary>How an inference request's tensor is encoded. On the wire: the integer value.</summary>
public enum TensorEncoding
{
    /// <summary>Not set: refused by the server.</summary>
    Unspecified = 0,

    /// <summary>The model's NCHW float32 input tensor, little-endian, 4 bytes per value.</summary>
    Float32 = 1,

    /// <summary>
    /// The same tensor mapped back to the 0..255 pixel domain through the card's mean/std and rounded
    /// to one byte per value (a quarter of the bytes; the server maps it back).
    /// </summary>
    Uint8Pixel = 2,
}
