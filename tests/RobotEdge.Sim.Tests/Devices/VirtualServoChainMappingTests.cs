using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Sim.Tests.Devices;

/// <summary>A virtual chain given the bus's joint mapping starts at joint angles and reports true joint angles.</summary>
public class VirtualServoChainMappingTests
{
    private static readonly ServoJoint[] Mapping = [new(4, Math.PI, 1), new(9, Math.PI / 2, -1)];

    [Fact]
    public void Chain_starts_at_the_joint_angles_and_publishes_shaft_and_joint_truth()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, new LockstepClock(), [4, 9],
            new VirtualServoChainOptions { Joints = Mapping, InitialJointsRad = [0.25, -0.1] });

        JointState shafts = Latest(chain.TrueState);
        JointState joints = Latest(chain.TrueJointState);

        // Shaft = direction × joint + offset.
        Assert.Equal(Math.PI + 0.25, shafts.PositionsRad[0], 12);
        Assert.Equal(Math.PI / 2 + 0.1, shafts.PositionsRad[1], 12);
        Assert.Equal(0.25, joints.PositionsRad[0], 12);
        Assert.Equal(-0.1, joints.PositionsRad[1], 12);
    }

    [Fact]
    public void Without_a_mapping_no_joint_truth_is_published()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualFeetechChain(pty, new LockstepClock(), [1]);

        Thread.Sleep(20);
        Assert.False(chain.TrueJointState.TryPeekLatest(out _));
        Assert.Equal(Math.PI, Latest(chain.TrueState).PositionsRad[0], 12);
    }

    [Fact]
    public void Mapping_must_name_the_chain_ids_in_order()
    {
        using var pty = PseudoTerminal.Open();

        var e = Assert.Throws<ArgumentException>(() => new VirtualDynamixelChain(pty, new LockstepClock(), [9, 4], new VirtualServoChainOptions { Joints = Mapping }));
        Assert.Contains("Servo 0 of the chain has id 9, its joint mapping names id 4", e.Message, StringComparison.Ordinal);
    }

    private static JointState Latest(Bus.Concurrency.LatestMailbox<JointState> mailbox)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            if (mailbox.TryPeekLatest(out JointState state))
            {
                return state;
            }

            Thread.Sleep(1);
        }

        throw new TimeoutException("nothing published");
    }
}
