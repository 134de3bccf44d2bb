using RobotEdge.Bus.Messages;

namespace RobotEdge.Planner.Behaviours;

/// <summary>
/// A behaviour that turns one frame's pose estimate into joint goals, on the compute thread.
/// Implementations are real-time safe: no allocation and no lock in steady state. An exception
/// thrown from <see cref="TryPlan"/> is the compute thread's fault: the rig stops the robot in
/// control and names it.
/// </summary>
public interface IJointPlanner
{
    /// <summary>Plans joint goals for one pose estimate.</summary>
    /// <param name="estimate">Keypoints of the frame.</param>
    /// <param name="jointsAtCapture">Measured joint positions when the frame was captured.</param>
    /// <param name="goal">Filled with the goal, stamped with the estimate's frame.</param>
    /// <returns>false when there is nothing to act on in this frame.</returns>
    bool TryPlan(in PoseEstimate estimate, in JointState jointsAtCapture, ref JointGoal goal);

    /// <summary>Forgets motion history (after warm-up, a gap or a mode change).</summary>
    void Reset();
}
