using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Sees every frame a <see cref="CameraPerceptionRunner"/> perceived, after perception and outside
/// its timing: <see cref="PerceptionPrinter"/> prints people and landmarks, <see cref="AnnotatedVideoRecorder"/>
/// draws them into a video. Called on the runner's thread; may allocate (a tool, not the loop).
/// </summary>
public interface IPerceivedFrameObserver
{
    /// <summary>
    /// Frame number <paramref name="index"/> (0-based) was perceived in <paramref name="perceptionMs"/>
    /// milliseconds: <paramref name="estimate"/> is the followed person, <paramref name="people"/> everyone
    /// found (null when the perception cannot list them). The frame is valid until the call returns
    /// and must not be changed.
    /// </summary>
    void OnFrame(long index, Frame frame, in PoseEstimate estimate, IPersonList? people, double perceptionMs);
}
