using System.CommandLine;
using RobotEdge.Host.Commands;

var verbose = new Option<bool>("--verbose")
{
    Description = "on an error, print its stack trace after the one-line message",
    Recursive = true,
};
var root = new RootCommand("RobotEdge: embodied-robot control stack (sense, compute, act within a deadline).\n" + ExitCodes.HelpText)
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
root.Options.Add(verbose);

ParseResult parse = root.Parse(args);
CommandErrors.Verbose = parse.GetValue(verbose);
if (parse.Errors.Count > 0)
{
    // Bad arguments: one line each, and the exit code of bad input (not System.CommandLine's 1).
    foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
    {
        Console.Error.WriteLine($"robotedge: {error.Message}");
    }

    Console.Error.WriteLine("robotedge: see robotedge --help");
    return ExitCodes.BadInput;
}

try
{
    // Every error that ends a command gets one clear line and its class's exit code, not a stack trace.
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return CommandErrors.Report(e, Console.Error);
}
