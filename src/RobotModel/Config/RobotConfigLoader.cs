using Microsoft.Extensions.Configuration;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Config;

/// <summary>Loads <c>robot.json</c> from a robot folder through Microsoft.Extensions.Configuration.</summary>
public static class RobotConfigLoader
{
    /// <summary>The configuration file's name inside a robot folder.</summary>
    public const string FileName = "robot.json";

    /// <summary>
    /// Loads the robot in <paramref name="robotPath"/> (its folder, or its robot.json). Errors name the
    /// file and the field at fault.
    /// </summary>
    public static RobotConfig Load(string robotPath)
    {
        string file = Directory.Exists(robotPath) ? Path.Combine(robotPath, FileName) : robotPath;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"no robot configuration at {file} (expected robots/<name>/{FileName})", file);
        }

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false).Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }

        var config = new RobotConfig();
        try
        {
            root.Bind(config, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // For list elements (buses[].joints[]) the binder names the unknown key only in an inner exception.
            string message = e.Message;
            for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            {
                message = inner.Message;
            }

            throw new InvalidDataException($"{file}: {message}", e);
        }

        config.Directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Validate(config, file);
        ValidateBuses(config, file);
        return config;
    }

    /// <summary>
    /// Checks the bus configuration when the robot is loaded, not when it starts moving: every URI,
    /// and, when the URDF is there, the joints against its actuated joints (document order). Without
    /// the URDF (a configuration copied on its own) only the URIs are checked; the URDF's absence is
    /// reported by whatever loads it.
    /// </summary>
    private static void ValidateBuses(RobotConfig c, string file)
    {
        string urdfPath = c.Resolve(c.Urdf);
        if (File.Exists(urdfPath))
        {
            RobotDescription description = UrdfParser.Load(urdfPath);
            BusLayout.Resolve(c, description.Joints.Where(j => j.IsActive).ToList(), file);
            return;
        }

        string[] uris = c.Buses.Count == 0 ? [c.Bus] : [.. c.Buses.Select(b => b.Uri ?? "")];
        for (int i = 0; i < uris.Length; i++)
        {
            try
            {
                BusUri.Parse(uris[i]);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{file}: {(c.Buses.Count == 0 ? "" : $"buses[{i}]: ")}{e.Message}", e);
            }
        }
    }

    private static void Validate(RobotConfig c, string file)
    {
        void Fail(string message) => throw new InvalidDataException($"{file}: {message}");

        if (string.IsNullOrWhiteSpace(c.Name)) Fail("name is missing");
        if (string.IsNullOrWhiteSpace(c.Urdf)) Fail("urdf is missing");
        if (c.Camera.Width <= 0 || c.Camera.Height <= 0) Fail("camera width and height must be positive");
        if (c.Camera.Fps is <= 0 or > 1000) Fail($"camera.fps {c.Camera.Fps} is out of range (0, 1000]");
        if (c.Camera.Fx <= 0 || c.Camera.Fy <= 0) Fail("camera focal lengths must be positive");
        if (c.Camera.Distortion.Length is not (0 or 5)) Fail("camera.distortion needs 5 values (k1 k2 p1 p2 k3) or none");
        if (c.Control.RateHz is < 50 or > 4000) Fail($"control.rateHz {c.Control.RateHz} is out of range [50, 4000]");
        if (c.Control.VelocityLimitScale is <= 0 or > 1) Fail("control.velocityLimitScale must be in (0, 1]");
        if (c.Deadline.EndToEndMs <= 0) Fail("deadline.endToEndMs must be positive");
        if (c.Target.MarkerSpacingM <= 0) Fail("target.markerSpacingM must be positive");
        if (c.Model.Preprocessing is not ("managed" or "opencv" or "auto")) Fail($"model.preprocessing '{c.Model.Preprocessing}' is not managed, opencv or auto");
        if (c.Tracking.MaxTargets is < 1 or > 64) Fail("tracking.maxTargets must be within [1, 64]");
        if (c.Tracking.GatePx <= 0 || c.Tracking.MinCutoffHz <= 0 || c.Tracking.Beta < 0 || c.Tracking.MaxMisses < 0)
            Fail("tracking.gatePx and tracking.minCutoffHz must be positive, tracking.beta and tracking.maxMisses not negative");
        if (c.Tracking.KeypointSigmaPx <= 0) Fail("tracking.keypointSigmaPx must be positive");
        if (c.Sim.ActuatorTimeConstantMs <= 0) Fail("sim.actuatorTimeConstantMs must be positive");
        if (c.Safety.InitialMode.Trim().ToLowerInvariant() is not ("auto" or "manual" or "stopped")) Fail($"safety.initialMode '{c.Safety.InitialMode}' must be auto, manual or stopped");
        if (c.Safety.WatchdogTimeoutMs is <= 0 or > 60000) Fail($"safety.watchdogTimeoutMs {c.Safety.WatchdogTimeoutMs} is out of range (0, 60000]");
        if (c.Safety.FeedbackLossTicks is < 1 or > 10000) Fail($"safety.feedbackLossTicks {c.Safety.FeedbackLossTicks} is out of range [1, 10000]");
        if (c.Safety.OperatorTimeoutMs is <= 0 or > 10000) Fail($"safety.operatorTimeoutMs {c.Safety.OperatorTimeoutMs} is out of range (0, 10000]");
        if (!(c.Safety.StopDecelerationRadPerS2 > 0)) Fail("safety.stopDecelerationRadPerS2 must be positive");
        if (!(c.Safety.EmergencyStopDecelerationRadPerS2 > 0)) Fail("safety.emergencyStopDecelerationRadPerS2 must be positive");
        if (c.Safety.EffortLimitScale is <= 0 or > 1) Fail("safety.effortLimitScale must be in (0, 1]");
    }
}
