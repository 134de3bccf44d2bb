namespace RobotEdge.Host.Runtime;

/// <summary>How much <c>robotedge perceive</c> prints while it runs.</summary>
public enum PerceptionPrintLevel
{
    /// <summary>A status line about once a second.</summary>
    Seconds,

    /// <summary>One line per frame: the people found, each with identity, box and torso centre.</summary>
    Frames,

    /// <summary>As <see cref="Frames"/>, plus one line per person with every found landmark (pixels and visibility, and metres where the model gives them).</summary>
    Landmarks,
}
