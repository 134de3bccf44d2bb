using System.CommandLine;
using RobotEdge.Host.Commands;

var root = new RootCommand("RobotEdge: embodied-robot control stack (sense, compute, act within a deadline)")
{
    SimCommand.Create(),
    ModelCommand.Create(),
};

try
{
    return root.Parse(args).Invoke();
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
{
    Console.Error.WriteLine($"robotedge: {e.Message}");
    return 1;
}
