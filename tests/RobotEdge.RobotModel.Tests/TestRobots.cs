using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Tests;

/// <summary>The robots the tests run against: the shipped pan-tilt head and an inline planar arm.</summary>
internal static class TestRobots
{
    /// <summary>Path of the shipped pan-tilt URDF, copied next to the test assembly by the project file.</summary>
    public static string PanTiltPath => Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt", "pan_tilt.urdf");

    /// <summary>Pan-tilt camera chain: base_link to the camera's optical frame, joints (pan, tilt).</summary>
    public static KinematicChain PanTiltCamera() =>
        KinematicChain.FromDescription(UrdfParser.Load(PanTiltPath), "base_link", "camera_optical_frame");

    /// <summary>
    /// A 3-DOF planar arm in the base XY plane: three revolute joints about +Z with links of 0.4, 0.3
    /// and 0.2 m along each joint's +X, ending at <c>tool</c>; reach 0.9 m. Limits ±3 rad.
    /// </summary>
    public const string PlanarArmUrdf = """
        <robot name="planar_arm">
          <link name="base_link"/>
          <link name="upper"/>
          <link name="fore"/>
          <link name="hand"/>
          <link name="tool"/>
          <joint name="shoulder" type="revolute">
            <parent link="base_link"/><child link="upper"/>
            <axis xyz="0 0 1"/>
            <limit lower="-3" upper="3" velocity="2" effort="10"/>
          </joint>
          <joint name="elbow" type="revolute">
            <parent link="upper"/><child link="fore"/>
            <origin xyz="0.4 0 0"/>
            <axis xyz="0 0 1"/>
            <limit lower="-3" upper="3" velocity="2" effort="10"/>
          </joint>
          <joint name="wrist" type="revolute">
            <parent link="fore"/><child link="hand"/>
            <origin xyz="0.3 0 0"/>
            <axis xyz="0 0 1"/>
            <limit lower="-3" upper="3" velocity="2" effort="10"/>
          </joint>
          <joint name="tool_joint" type="fixed">
            <parent link="hand"/><child link="tool"/>
            <origin xyz="0.2 0 0"/>
          </joint>
        </robot>
        """;

    /// <summary>The planar arm's chain from base_link to tool.</summary>
    public static KinematicChain PlanarArm() =>
        KinematicChain.FromDescription(UrdfParser.Parse(PlanarArmUrdf, "planar_arm"), "base_link", "tool");
}
