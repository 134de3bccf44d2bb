using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Registry;

namespace RobotEdge.Edge.Site;

/// <summary>
/// The site's robots and tasks — planning on the edge for the whole site: each pending task, in
/// list order, goes to the nearest idle robot (connected, not faulted, no task; ties to the
/// lower registry index); a robot that faults or disconnects gives its task back and it goes to
/// the nearest other idle robot; a robot that reports a task done becomes idle and takes the next.
/// Pure logic behind one lock; every change returns the assignments to send. Thread-safe.
/// </summary>
public sealed class SiteTaskBoard
{
    private readonly Lock _gate = new();
    private readonly RobotSlot[] _robots;
    private readonly TaskSlot[] _tasks;

    /// <summary>Creates the board from the registry's robots and the site file's tasks.</summary>
    public SiteTaskBoard(IReadOnlyList<RobotEntry> robots, IReadOnlyList<RobotEntryConfig> robotConfigs, IReadOnlyList<SiteTaskConfig> tasks)
    {
        _robots = new RobotSlot[robots.Count];
        for (int i = 0; i < robots.Count; i++)
        {
            _robots[i] = new RobotSlot { Id = robots[i].Id, XM = robotConfigs[i].XM, YM = robotConfigs[i].YM };
        }

        _tasks = tasks.Select(t => new TaskSlot { Config = t }).ToArray();
    }

    /// <summary>
    /// Records what a robot reported (or that it connected or disconnected) and reassigns.
    /// <paramref name="completedTaskId"/>, when it names the robot's task, marks it done.
    /// </summary>
    public List<TaskAssignment> Update(int robot, bool connected, bool faulted, double? xM, double? yM, string? completedTaskId)
    {
        lock (_gate)
        {
            RobotSlot r = _robots[robot];
            r.Connected = connected;
            r.Faulted = faulted;
            if (xM is double x && yM is double y && double.IsFinite(x) && double.IsFinite(y))
            {
                r.XM = x;
                r.YM = y;
            }

            if (r.Task is TaskSlot task)
            {
                if (!string.IsNullOrEmpty(completedTaskId) && completedTaskId == task.Config.Id)
                {
                    task.State = SiteTaskState.Done;
                    task.Robot = robot;
                    r.Task = null;
                }
                else if (!connected || faulted)
                {
                    task.State = SiteTaskState.Pending;
                    task.Robot = -1;
                    r.Task = null;
                }
            }

            return Assign();
        }
    }

    /// <summary>Farthest a robot may report itself from the site's origin, on either axis, m.</summary>
    public const double MaxPositionM = 1_000_000;

    /// <summary>Longest task id a status may name, characters (longer cannot be a task of the site file worth comparing).</summary>
    public const int MaxTaskIdLength = 256;

    /// <summary>
    /// Why a robot's status cannot be taken, naming the field, or null when it can: the position
    /// finite and within ±<see cref="MaxPositionM"/> on each axis, the completed task's id at most
    /// <see cref="MaxTaskIdLength"/> characters. Pure; the connection checks before <see cref="Update"/>.
    /// </summary>
    public static string? Check(RobotStatus status) =>
        !double.IsFinite(status.XM) || Math.Abs(status.XM) > MaxPositionM ? $"robot status: xM {status.XM} is not a finite position within ±{MaxPositionM} m"
        : !double.IsFinite(status.YM) || Math.Abs(status.YM) > MaxPositionM ? $"robot status: yM {status.YM} is not a finite position within ±{MaxPositionM} m"
        : status.CompletedTaskId is { Length: > MaxTaskIdLength } id ? $"robot status: completedTaskId is {id.Length} characters long, at most {MaxTaskIdLength}"
        : null;

    /// <summary>A copy of the board for the status endpoint.</summary>
    public SiteSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new SiteSnapshot(
                _robots.Select(r => new SiteSnapshot.Robot(r.Id, r.Connected, r.Faulted, r.XM, r.YM, r.Task?.Config.Id)).ToArray(),
                _tasks.Select(t => new SiteSnapshot.Task(t.Config.Id, t.State.ToString().ToLowerInvariant(),
                    t.Robot >= 0 ? _robots[t.Robot].Id : null, t.Config.Description)).ToArray());
        }
    }

    private List<TaskAssignment> Assign()
    {
        var assignments = new List<TaskAssignment>();
        foreach (TaskSlot task in _tasks)
        {
            if (task.State != SiteTaskState.Pending)
            {
                continue;
            }

            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int i = 0; i < _robots.Length; i++)
            {
                RobotSlot r = _robots[i];
                if (!r.Connected || r.Faulted || r.Task is not null)
                {
                    continue;
                }

                double d = Math.Sqrt((r.XM - task.Config.XM) * (r.XM - task.Config.XM) + (r.YM - task.Config.YM) * (r.YM - task.Config.YM));
                if (d < bestDistance)
                {
                    best = i;
                    bestDistance = d;
                }
            }

            if (best < 0)
            {
                break;
            }

            task.State = SiteTaskState.Assigned;
            task.Robot = best;
            _robots[best].Task = task;
            assignments.Add(new TaskAssignment(best, task.Config.Id, task.Config.XM, task.Config.YM, task.Config.Description));
        }

        return assignments;
    }

    private sealed class RobotSlot
    {
        public string Id = "";
        public bool Connected;
        public bool Faulted;
        public double XM;
        public double YM;
        public TaskSlot? Task;
    }

    private sealed class TaskSlot
    {
        public SiteTaskConfig Config = new();
        public SiteTaskState State = SiteTaskState.Pending;
        public int Robot = -1;
    }
}
