using System.CommandLine;
using RobotEdge.Host.Commands;

var root = new RootCommand("RobotEdge: embodied-robot control stack (sense, compute, act within a deadline)")
{
    SimCommand.Create(),
    RunCommand.Create(),
    ModelCommand.Create(),
    BenchCommand.Create(),
    CalibrateCommand.Create(),
    PerceiveCommand.Create(),
    BusCommand.Create(),
    EdgeCommand.Create(),
};

try
{
    // Bad input (a missing robot folder, a malformed URDF or card) gets one clear line, not a stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException or RobotEdge.RobotModel.Urdf.UrdfFormatException
    or RobotEdge.Vision.Interop.OpenCvException or RobotEdge.Host.Hosting.ServiceFailedException)
{
    Console.Error.WriteLine($"robotedge: {e.Message}");
    return 1;
}
