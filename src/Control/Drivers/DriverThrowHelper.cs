using System.Diagnostics.CodeAnalysis;

namespace RobotEdge.Control.Drivers;

/// <summary>
/// Throw helpers for the servo protocol codecs. They live out of line so that the encode methods,
/// which the bus I/O thread calls every cycle, stay small enough to inline. Every exception thrown
/// here reports a programming error in the caller (an undersized buffer, an invalid id), never a
/// condition caused by bytes received from the wire: received bytes are reported through result
/// values and counters.
/// </summary>
internal static class DriverThrowHelper
{
    [DoesNotReturn]
    internal static void DestinationTooSmall(string paramName, int required, int available) =>
        throw new ArgumentException(
            $"The destination holds {available} bytes but the packet needs {required}.", paramName);

    [DoesNotReturn]
    internal static void InvalidId(string paramName, byte id) =>
        throw new ArgumentOutOfRangeException(paramName, id, "Not a valid device id for this packet.");

    [DoesNotReturn]
    internal static void PacketTooLong(string paramName, int length, int maximum) =>
        throw new ArgumentException(
            $"The packet body would be {length} bytes; the protocol allows at most {maximum}.", paramName);

    [DoesNotReturn]
    internal static void LengthMismatch(string paramName, int expected, int actual) =>
        throw new ArgumentException($"Expected {expected} bytes, got {actual}.", paramName);

    [DoesNotReturn]
    internal static void OutOfRange(string paramName, object value, string message) =>
        throw new ArgumentOutOfRangeException(paramName, value, message);
}
