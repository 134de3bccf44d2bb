using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Gathers the true joint states of several simulated buses (each in its own joint order) into one
/// state in the robot's joint order, for the simulated camera. In lockstep the rig calls
/// <see cref="Relay"/> after each bus cycle on its own thread; in real time <see cref="Start"/> runs
/// it every millisecond on a thread of its own. It is the single reader of every source mailbox and
/// the single writer of <see cref="Merged"/>. Real-time safe (no allocation, no lock).
/// </summary>
internal sealed class TrueStateRelay : IDisposable
{
    private readonly LatestMailbox<JointState>[] _sources;
    private readonly int[][] _jointIndices;
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;
    private JointState _merged;
    private int _seenMask;

    /// <summary>Creates a relay from <paramref name="sources"/>, member g's joint k being robot joint <c>jointIndices[g][k]</c>.</summary>
    public TrueStateRelay(IReadOnlyList<LatestMailbox<JointState>> sources, IReadOnlyList<int[]> jointIndices, int jointCount)
    {
        _sources = [.. sources];
        _jointIndices = [.. jointIndices];
        _merged.JointCount = jointCount;
    }

    /// <summary>The robot's true joint state; published once every source has published.</summary>
    public LatestMailbox<JointState> Merged { get; } = new();

    /// <summary>Copies the newest state of every source into <see cref="Merged"/>.</summary>
    public void Relay()
    {
        bool any = false;
        for (int g = 0; g < _sources.Length; g++)
        {
            if (!_sources[g].TryPeekLatest(out JointState member))
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
            _seenMask |= 1 << g;
            any = true;
        }

        if (any && _seenMask == (1 << _sources.Length) - 1)
        {
            Merged.Publish(_merged);
        }
    }

    /// <summary>Relays every millisecond on a background thread until disposed (real-time rigs).</summary>
    public void Start()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.Wait(1))
            {
                Relay();
            }
        })
        { IsBackground = true, Name = "sim true-state relay" };
        _thread.Start();
    }

    /// <summary>Stops the thread, if any.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        _stop.Dispose();
    }
}
