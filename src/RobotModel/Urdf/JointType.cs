namespace RobotEdge.RobotModel.Urdf;

/// <summary>The URDF joint types RobotEdge supports (URDF's floating and planar are rejected by the parser).</summary>
public enum JointType
{
    /// <summary>Rotation about the joint axis within <see cref="JointLimits"/>; position in radians.</summary>
    Revolute,

    /// <summary>Rotation about the joint axis without position limits; position in radians.</summary>
    Continuous,

    /// <summary>Translation along the joint axis within <see cref="JointLimits"/>; position in metres.</summary>
    Prismatic,

    /// <summary>No motion: the child is rigidly attached at the joint origin.</summary>
    Fixed,
}
