using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// The eight data bytes of a classic CAN frame, stored inline (no array, no allocation). Converts
/// implicitly to <see cref="Span{T}"/> / <see cref="ReadOnlySpan{T}"/> of length 8; only the first
/// <see cref="CanFrame.Length"/> bytes carry meaning.
/// </summary>
[InlineArray(CanFrame.MaxDataLength)]
public struct CanPayload
{
    private byte _element0;
}
