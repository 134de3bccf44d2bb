using System.Reflection;
using Microsoft.Extensions.Logging;

namespace RobotEdge.Host.Tests;

/// <summary>
/// Every source-generated log message of RobotEdge has its own event id across all assemblies, so that
/// a log filter or an alert keyed on an id means one message (STYLE.md: stable event ids).
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_LoggerMessage_event_id_is_used_once_across_the_assemblies()
    {
        // Load every RobotEdge assembly beside the tests (the CLI references them all), not only those loaded so far.
        Assembly[] assemblies = [.. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var name && !name.Contains(".Tests", StringComparison.Ordinal)
                && (name.StartsWith("RobotEdge.", StringComparison.Ordinal) || name == "robotedge.dll"))
            .Select(f => Assembly.LoadFrom(f))];
        Assert.Contains(assemblies, a => a.GetName().Name == "RobotEdge.Vision");
        Assert.Contains(assemblies, a => a.GetName().Name == "RobotEdge.Perception");
        Assert.Contains(assemblies, a => a.GetName().Name == "robotedge");

        var uses = new List<(int Id, string Where)>();
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message)
                    {
                        uses.Add((message.EventId, $"{type.FullName}.{method.Name}"));
                    }
                }
            }
        }

        // The scan must find the messages it is meant to check: at least the edge client's and the console's.
        Assert.True(uses.Count >= 30, $"found only {uses.Count} [LoggerMessage] methods");
        string[] repeated = [.. uses.GroupBy(u => u.Id).Where(g => g.Count() > 1)
            .Select(g => $"event id {g.Key}: {string.Join(", ", g.Select(u => u.Where))}")];
        Assert.True(repeated.Length == 0, string.Join(Environment.NewLine, repeated));
    }
}
