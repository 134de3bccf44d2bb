using System.CommandLine;
using RobotEdge.ReferenceCheck.Commands;

var verbose = new Option<bool>("--verbose")
{
    Description = "on an error, print its stack trace after the one-line message",
    Recursive = true,
};
var root = new RootCommand(
    "robotedge-reference: checks RobotEdge's inference against the originals, TFLite's own interpreter and MediaPipe's own pose " +
    "solution, both run in Chromium. Exit codes: 0 within target; 1 a figure exceeds its target (or an unexpected error); " +
    "2 bad arguments or a missing file (npm data, model, image, Chromium).")
{
    TfliteCommand.Create(),
    Float64Command.Create(),
    MediaPipeCommand.Create(),
};
root.Options.Add(verbose);

ParseResult parse = root.Parse(args);
ToolErrors.Verbose = parse.GetValue(verbose);
if (parse.Errors.Count > 0)
{
    foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
    {
        Console.Error.WriteLine($"robotedge-reference: {error.Message}");
    }

    return ToolErrors.BadInput;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return ToolErrors.Report(e, Console.Error);
}
