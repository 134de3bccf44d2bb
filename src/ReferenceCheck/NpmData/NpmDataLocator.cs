namespace RobotEdge.ReferenceCheck.NpmData;

/// <summary>
/// Finds the npm-sourced data (scripts/bootstrap.sh installs it with <c>npm ci</c> into
/// tools/npm-data/node_modules, pinned and integrity-checked, never committed): the environment
/// variable <see cref="EnvironmentVariable"/> when set, else the first tools/npm-data/node_modules
/// found walking up from the current directory, then from this assembly's folder.
/// </summary>
public static class NpmDataLocator
{
    /// <summary>Names a node_modules folder to use instead of searching.</summary>
    public const string EnvironmentVariable = "ROBOTEDGE_NPM_DATA";

    /// <summary>The packages this tool needs, each checked by one file it loads.</summary>
    private static readonly string[] RequiredFiles =
    [
        "@mediapipe/pose/pose.js",
        "@mediapipe/pose/pose_solution_packed_assets.data",
        "@tensorflow/tfjs-core/dist/tf-core.min.js",
        "@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js",
        "@tensorflow/tfjs-tflite/dist/tf-tflite.min.js",
    ];

    /// <summary>The node_modules folder holding the npm data.</summary>
    /// <exception cref="DirectoryNotFoundException">
    /// Not found, or incomplete; the message says to run scripts/bootstrap.sh.
    /// </exception>
    public static string Find()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Checked(Path.GetFullPath(configured), $"{EnvironmentVariable}={configured}");
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "tools", "npm-data", "node_modules");
                if (Directory.Exists(candidate))
                {
                    return Checked(candidate, candidate);
                }
            }
        }

        throw new DirectoryNotFoundException(
            "npm data not found (tools/npm-data/node_modules above the current folder or the tool, or " +
            $"{EnvironmentVariable}): run scripts/bootstrap.sh, which installs it with npm ci");
    }

    /// <summary>A file of the npm data by its path under node_modules, e.g. "@mediapipe/pose/pose_landmark_lite.tflite".</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    public static string File(string relativePath)
    {
        string path = Path.Combine(Find(), relativePath);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"npm data file {path} is missing: run scripts/bootstrap.sh", path);
        }

        return path;
    }

    private static string Checked(string folder, string origin)
    {
        foreach (string file in RequiredFiles)
        {
            if (!System.IO.File.Exists(Path.Combine(folder, file)))
            {
                throw new DirectoryNotFoundException(
                    $"npm data at {origin} lacks {file}: run scripts/bootstrap.sh, which installs it with npm ci");
            }
        }

        return folder;
    }
}
