namespace RobotEdge.Perception.ModelImport;

/// <summary>
/// Finds the npm data that scripts/bootstrap.sh installs (pinned, integrity-checked, never
/// committed): the folder named by the environment variable <c>ROBOTEDGE_NPM_DATA</c> (a
/// node_modules folder), else tools/npm-data/node_modules in the start folder or the nearest folder
/// above it. Import time only.
/// </summary>
public static class NpmDataFiles
{
    /// <summary>Environment variable naming a node_modules folder that overrides the search.</summary>
    public const string EnvironmentVariable = "ROBOTEDGE_NPM_DATA";

    /// <summary>The node_modules folder, or <see cref="FileNotFoundException"/> saying to run scripts/bootstrap.sh.</summary>
    public static string NodeModules(string? startFolder = null)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return Directory.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{EnvironmentVariable}={configured} is not a folder; run scripts/bootstrap.sh or point it at tools/npm-data/node_modules");
        }

        for (var folder = new DirectoryInfo(startFolder ?? Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tools", "npm-data", "node_modules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"npm data not found (no tools/npm-data/node_modules above {startFolder ?? Directory.GetCurrentDirectory()}, {EnvironmentVariable} unset): run scripts/bootstrap.sh");
    }

    /// <summary>
    /// A file inside the npm data, e.g. <c>@mediapipe/pose/pose_landmark_lite.tflite</c>, or
    /// <see cref="FileNotFoundException"/> saying to run scripts/bootstrap.sh.
    /// </summary>
    public static string File(string relativePath, string? startFolder = null)
    {
        string path = Path.Combine(NodeModules(startFolder), relativePath);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run scripts/bootstrap.sh to fetch the pinned npm data");
    }
}
