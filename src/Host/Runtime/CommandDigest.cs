using RobotEdge.Bus.Messages;

namespace RobotEdge.Host.Runtime;

/// <summary>Folds actuator commands into a 64-bit FNV-1a digest, bit-exact, allocation-free.</summary>
public struct CommandDigest
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private ulong _hash;
    private bool _started;

    /// <summary>The digest so far.</summary>
    public readonly ulong Value => _started ? _hash : OffsetBasis;

    /// <summary>Adds one command's positions and velocities.</summary>
    public void Add(in JointCommand command)
    {
        if (!_started)
        {
            _hash = OffsetBasis;
            _started = true;
        }

        for (int i = 0; i < command.JointCount; i++)
        {
            Mix(BitConverter.DoubleToInt64Bits(command.PositionsRad[i]));
            Mix(BitConverter.DoubleToInt64Bits(command.VelocitiesRadPerS[i]));
        }
    }

    private void Mix(long value)
    {
        for (int b = 0; b < 8; b++)
        {
            _hash = (_hash ^ (byte)(value >> (8 * b))) * Prime;
        }
    }
}
