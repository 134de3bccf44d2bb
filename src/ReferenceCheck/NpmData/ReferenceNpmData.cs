using RobotEdge.Perception.ModelImport;

namespace RobotEdge.ReferenceCheck.NpmData;

/// <summary>
/// The npm data folder for the reference pages, found as Perception's <see cref="NpmDataFiles"/>
/// finds it (ROBOTEDGE_NPM_DATA, else tools/npm-data/node_modules above the current folder), and
/// failing that above this tool's own folder, so that the tool also runs from elsewhere.
/// </summary>
public static class ReferenceNpmData
{
    /// <summary>The node_modules folder.</summary>
    /// <exception cref="FileNotFoundException">Not found; the message says to run scripts/bootstrap.sh.</exception>
    public static string NodeModules()
    {
        try
        {
            return NpmDataFiles.NodeModules();
        }
        catch (FileNotFoundException) when (Environment.GetEnvironmentVariable(NpmDataFiles.EnvironmentVariable) is not { Length: > 0 })
        {
            return NpmDataFiles.NodeModules(AppContext.BaseDirectory);
        }
    }

    /// <summary>A file inside the npm data, e.g. <see cref="MediaPipePoseFiles.LandmarkLite"/>.</summary>
    /// <exception cref="FileNotFoundException">Missing; the message says to run scripts/bootstrap.sh.</exception>
    public static string File(string relativePath)
    {
        string path = Path.Combine(NodeModules(), relativePath);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run scripts/bootstrap.sh to fetch the pinned npm data", path);
    }
}
