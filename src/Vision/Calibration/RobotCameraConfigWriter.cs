using System.Text.Json;
using System.Text.Json.Nodes;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Vision.Calibration;

/// <summary>Writes calibrated intrinsics into a robot's <c>robot.json</c>, leaving every other field as it was.</summary>
public static class RobotCameraConfigWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Sets <c>camera.fx</c>, <c>fy</c>, <c>cx</c>, <c>cy</c> and <c>distortion</c> in the robot's
    /// config (its folder or its robot.json), then loads the file back to prove it still validates.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The config's camera resolution differs from the calibration images', or the file does not
    /// validate afterwards (it is then restored).
    /// </exception>
    public static string Write(string robotPath, CalibrationResult result)
    {
        string file = Directory.Exists(robotPath) ? Path.Combine(robotPath, RobotConfigLoader.FileName) : robotPath;
        RobotConfig before = RobotConfigLoader.Load(file);
        if (before.Camera.Width != result.Width || before.Camera.Height != result.Height)
        {
            throw new InvalidDataException(
                $"{file}: camera is {before.Camera.Width}x{before.Camera.Height}, the calibration images are {result.Width}x{result.Height}; set camera.width/height first");
        }

        string original = File.ReadAllText(file);
        JsonNode root = JsonNode.Parse(original) ?? throw new InvalidDataException($"{file} is empty");
        JsonObject camera = root["camera"] as JsonObject ?? new JsonObject();
        root["camera"] = camera;
        camera["fx"] = Math.Round(result.Fx, 3);
        camera["fy"] = Math.Round(result.Fy, 3);
        camera["cx"] = Math.Round(result.Cx, 3);
        camera["cy"] = Math.Round(result.Cy, 3);
        var distortion = new JsonArray();
        foreach (double c in result.Distortion)
        {
            distortion.Add(Math.Round(c, 6));
        }

        camera["distortion"] = distortion;
        File.WriteAllText(file, root.ToJsonString(Indented) + Environment.NewLine);
        try
        {
            RobotConfigLoader.Load(file);
        }
        catch
        {
            File.WriteAllText(file, original);
            throw;
        }

        return file;
    }
}
