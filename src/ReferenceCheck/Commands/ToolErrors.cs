using System.Text.Json;

namespace RobotEdge.ReferenceCheck.Commands;

/// <summary>
/// Exit codes of <c>robotedge-reference</c> and how an error that ends a command is reported: one
/// line on standard error (the stack trace only with <c>--verbose</c>).
/// </summary>
public static class ToolErrors
{
    /// <summary>The comparison ran and every figure is within its target.</summary>
    public const int Agrees = 0;

    /// <summary>The comparison ran and some figure exceeds its target (the table says which), or an unexpected error.</summary>
    public const int Disagrees = 1;

    /// <summary>Bad arguments, or a file (a model, an image, the npm data, Chromium) missing or unreadable.</summary>
    public const int BadInput = 2;

    /// <summary>Whether <c>--verbose</c> was given. Set once by the entry point.</summary>
    public static bool Verbose { get; set; }

    /// <summary>Writes <paramref name="e"/> as one line (and its stack trace when <see cref="Verbose"/>); returns its exit code.</summary>
    public static int Report(Exception e, TextWriter error)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        bool badInput = e is FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException
            or NotSupportedException or FormatException or JsonException;
        string text = string.Join("; ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        error.WriteLine(badInput || e is InvalidOperationException
            ? $"robotedge-reference: {text}"
            : $"robotedge-reference: unexpected {e.GetType().Name}: {text}{(Verbose ? "" : " (--verbose shows where)")}");
        if (Verbose)
        {
            error.WriteLine(e.ToString());
        }

        return badInput ? BadInput : Disagrees;
    }
}
