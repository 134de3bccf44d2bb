using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RobotEdge.Bus.Configuration;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// Loads <c>robot.json</c> from a robot folder through Microsoft.Extensions.Configuration, and refuses
/// nonsense before anything is built from it: invalid JSON (with its line and column), unknown or
/// repeated fields, values of the wrong kind (<c>"NaN"</c> or <c>"30"</c> as a string), numbers out
/// of range or not finite, a missing required section (<c>camera</c>), bus mistakes. Every problem is
/// reported at once, each with its field's path and place, in one <see cref="InvalidDataException"/>.
/// </summary>
public static class RobotConfigLoader
{
    /// <summary>The configuration file's name inside a robot folder.</summary>
    public const string FileName = "robot.json";

    /// <summary>
    /// robot.json is ours: a misspelt field would silently keep its default, so an unknown field is an
    /// error. Names match ignoring case, as the configuration binder matches them.
    /// </summary>
    private static readonly JsonShapeOptions Shape = new(JsonNamingPolicy.CamelCase, IgnoreCase: true, UnknownFieldsAreErrors: true);

    /// <summary>
    /// Loads the robot in <paramref name="robotPath"/> (its folder, or its robot.json). Throws
    /// <see cref="FileNotFoundException"/> when there is no file, <see cref="InvalidDataException"/> naming
    /// the file, and each field at fault with its line and column, when it is refused.
    /// </summary>
    public static RobotConfig Load(string robotPath)
    {
        string file = Directory.Exists(robotPath) ? Path.Combine(robotPath, FileName) : robotPath;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"no robot configuration at {file} (expected robots/<name>/{FileName})", file);
        }

        byte[] bytes = File.ReadAllBytes(file);
        using (JsonDocument document = JsonLocations.Parse(file, bytes, out JsonLocations locations))
        {
            var problems = new ConfigProblems(file, locations);
            JsonShape.Check(document.RootElement, typeof(RobotConfig), problems, Shape);
            problems.ThrowIfAny();

            RobotConfig config = Bind(file, bytes);
            config.Directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            config.Validate(problems);
            problems.ThrowIfAny();
            ValidateBuses(config, file);
            return config;
        }
    }

    /// <summary>Binds the checked file; the shape check has already refused what the binder would trip on.</summary>
    private static RobotConfig Bind(string file, byte[] bytes)
    {
        var config = new RobotConfig();
        try
        {
            IConfigurationRoot root = new ConfigurationBuilder().AddJsonStream(new MemoryStream(bytes)).Build();
            EmptyListsGiven(config, root);
            root.Bind(config, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or InvalidDataException)
        {
            // A backstop: for list elements the binder names the unknown key only in an inner exception.
            string message = e.Message;
            for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            {
                message = inner.Message;
            }

            throw ConfigProblems.Refusal(file, [new ConfigProblem("", message, 0, 0)], e);
        }

        return config;
    }

    /// <summary>
    /// Empties every list property of <paramref name="target"/> that <paramref name="section"/> gives,
    /// so that the file's list replaces the default: the binder appends a list's elements to the
    /// property's current value, which turned <c>"providers": ["cuda"]</c> into <c>[cpu, cuda]</c>.
    /// </summary>
    private static void EmptyListsGiven(object target, IConfiguration section)
    {
        foreach (System.Reflection.PropertyInfo property in target.GetType().GetProperties())
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            IConfigurationSection child = section.GetSection(property.Name);
            if (!child.Exists())
            {
                continue;
            }

            Type type = property.PropertyType;
            if (type.IsArray)
            {
                property.SetValue(target, Array.CreateInstance(type.GetElementType()!, 0));
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                property.SetValue(target, Activator.CreateInstance(type));
            }
            else if (type.IsClass && type != typeof(string) && property.GetValue(target) is object value)
            {
                EmptyListsGiven(value, child);
            }
        }
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
}
