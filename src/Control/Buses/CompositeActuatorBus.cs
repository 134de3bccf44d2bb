using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Control.Buses;

/// <summary>
/// One <see cref="IActuatorBus"/> over several buses, each driving a group of the robot's joints (a
/// Dynamixel chain for the wrist, CAN motors for the shoulder). Every member keeps its own I/O
/// thread; this type only scatters commands and gathers states on the control thread, so
/// <see cref="TryRead"/> and <see cref="Write"/> stay real-time safe (no allocation, no lock, no wait).
/// </summary>
/// <remarks>
/// Ownership: the composite owns its members and disposes them. Joint order: index i of the robot's
/// <see cref="JointState"/> is joint <c>jointIndices[g][k]</c> = i of member g's joint k.
/// </remarks>
public sealed partial class CompositeActuatorBus : IActuatorBus
{
    private readonly IActuatorBus[] _members;
    private readonly int[][] _jointIndices;

    /// <summary>Per member: its own last state, written by <see cref="TryRead"/> (control thread).</summary>
    private readonly JointState[] _memberStates;

    /// <summary>Control thread: the merged state, every joint's latest measurement.</summary>
    private JointState _merged;

    /// <summary>Control thread: bit g set once member g has delivered a state.</summary>
    private int _reportedMembers;

    /// <summary>Control thread: scratch command for one member.</summary>
    private JointCommand _memberCommand;

    /// <summary>Creates the composite. Not real-time safe; call before the loop starts.</summary>
    /// <param name="members">The buses, each already configured (and started, if it runs an I/O thread).</param>
    /// <param name="jointIndices">Per member, the robot joint index of each of its joints; together a permutation of 0…n−1, n ≤ <see cref="JointVector.Capacity"/>.</param>
    /// <exception cref="ArgumentException">Counts do not match, or the indices are not a permutation.</exception>
    public CompositeActuatorBus(IReadOnlyList<IActuatorBus> members, IReadOnlyList<int[]> jointIndices)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(jointIndices);
        if (members.Count is 0 or > JointVector.Capacity || members.Count != jointIndices.Count)
        {
            throw new ArgumentException($"One joint index list per member bus, 1–{JointVector.Capacity} members.", nameof(jointIndices));
        }

        int total = 0;
        for (int g = 0; g < members.Count; g++)
        {
            if (members[g].JointCount != jointIndices[g].Length)
            {
                throw new ArgumentException($"Member {g} drives {members[g].JointCount} joints, its index list has {jointIndices[g].Length}.", nameof(jointIndices));
            }

            total += jointIndices[g].Length;
        }

        if (total > JointVector.Capacity)
        {
            throw new ArgumentException($"{total} joints; a robot has at most {JointVector.Capacity}.", nameof(jointIndices));
        }

        var seen = new bool[total];
        foreach (int[] indices in jointIndices)
        {
            foreach (int i in indices)
            {
                if (i < 0 || i >= total || seen[i])
                {
                    throw new ArgumentException($"Joint index {i} is out of range or used twice; the lists must cover 0–{total - 1} once each.", nameof(jointIndices));
                }

                seen[i] = true;
            }
        }

        _members = [.. members];
        _jointIndices = [.. jointIndices.Select(x => (int[])x.Clone())];
        _memberStates = new JointState[_members.Length];
        for (int g = 0; g < _members.Length; g++)
        {
            _memberStates[g].JointCount = _members[g].JointCount;
        }

        _merged.JointCount = total;
    }

    /// <summary>The member buses, in the order given.</summary>
    public IReadOnlyList<IActuatorBus> Members => _members;

    /// <inheritdoc />
    public int JointCount => _merged.JointCount;

    /// <summary>
    /// Bit i set while robot joint i is in fault in its member bus. Any thread; real-time safe (one
    /// volatile read per member, no allocation).
    /// </summary>
    public int FaultedJointMask
    {
        get
        {
            int mask = 0;
            for (int g = 0; g < _members.Length; g++)
            {
                int memberMask = _members[g].FaultedJointMask;
                int[] indices = _jointIndices[g];
                for (int k = 0; memberMask != 0 && k < indices.Length; k++, memberMask >>= 1)
                {
                    mask |= (memberMask & 1) << indices[k];
                }
            }

            return mask;
        }
    }

    /// <summary>
    /// Takes the newest state of every member that has one and returns the merged state: joints of
    /// members without fresh feedback keep their previous values; the timestamp is the newest
    /// member's. Control thread only; real-time safe.
    /// </summary>
    /// <returns>false, leaving <paramref name="state"/> unchanged, when no member had fresh feedback, or some member has never delivered any yet.</returns>
    public bool TryRead(ref JointState state)
    {
        bool any = false;
        for (int g = 0; g < _members.Length; g++)
        {
            ref JointState member = ref _memberStates[g];
            if (!_members[g].TryRead(ref member))
            {
                continue;
            }

            int[] indices = _jointIndices[g];
            for (int k = 0; k < indices.Length; k++)
            {
                _merged.PositionsRad[indices[k]] = member.PositionsRad[k];
                _merged.VelocitiesRadPerS[indices[k]] = member.VelocitiesRadPerS[k];
            }

            _merged.TimestampNs = any ? Math.Max(_merged.TimestampNs, member.TimestampNs) : member.TimestampNs;
            _reportedMembers |= 1 << g;
            any = true;
        }

        // Until every member has measured once, part of the state would be zeros, not measurements.
        if (!any || _reportedMembers != (1 << _members.Length) - 1)
        {
            return false;
        }

        state = _merged;
        return true;
    }

    /// <summary>Hands each member its joints' part of <paramref name="command"/>. Control thread only; real-time safe.</summary>
    public void Write(in JointCommand command)
    {
        _memberCommand.TimestampNs = command.TimestampNs;
        CarrySourceFrame(command);
        for (int g = 0; g < _members.Length; g++)
        {
            int[] indices = _jointIndices[g];
            _memberCommand.JointCount = indices.Length;
            for (int k = 0; k < indices.Length; k++)
            {
                _memberCommand.PositionsRad[k] = command.PositionsRad[indices[k]];
                _memberCommand.VelocitiesRadPerS[k] = command.VelocitiesRadPerS[indices[k]];
            }

            _members[g].Write(_memberCommand);
        }
    }

    /// <summary>Energises every member, in order (each is idempotent). Not real-time; called once before the loop.</summary>
    public void Energize()
    {
        foreach (IActuatorBus member in _members)
        {
            member.Energize();
        }
    }

    /// <summary>Robot joint <paramref name="joint"/>'s fault text, from the member bus that drives it. Any thread; allocates (console, logs).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="joint"/> is not a joint index.</exception>
    public string? JointFaultText(int joint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(joint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(joint, JointCount);
        for (int g = 0; g < _members.Length; g++)
        {
            int k = Array.IndexOf(_jointIndices[g], joint);
            if (k >= 0)
            {
                return _members[g].JointFaultText(k);
            }
        }

        return null;
    }

    /// <summary>The first member's I/O thread failure, in member order, or null while every member's runs. Any thread; real-time safe (volatile reads).</summary>
    public Exception? IoFailure
    {
        get
        {
            for (int g = 0; g < _members.Length; g++)
            {
                if (_members[g].IoFailure is { } failure)
                {
                    return failure;
                }
            }

            return null;
        }
    }

    /// <summary>Disposes every member (stopping their I/O threads). Not from the control loop.</summary>
    public void Dispose()
    {
        foreach (IActuatorBus member in _members)
        {
            member.Dispose();
        }
    }
}
