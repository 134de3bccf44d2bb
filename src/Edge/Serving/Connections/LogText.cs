using System.Globalization;
using System.Text;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// Makes a string a robot sent safe to write to a log line or a terminal: control characters
/// (NUL, ESC and so every ANSI escape sequence, CR/LF that would forge a log line, C1 codes),
/// invisible format characters (bidirectional overrides, zero-width joiners) and line or paragraph
/// separators are written as <c>\uXXXX</c>, and the text is cut at a length, saying how long it
/// was. Any thread; allocates only when the text needs a change.
/// </summary>
internal static class LogText
{
    /// <summary>Characters kept of a robot's string in a log line.</summary>
    public const int DefaultMaxChars = 96;

    /// <summary>The text as it may be logged.</summary>
    public static string Sanitize(string? text, int maxChars = DefaultMaxChars)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        bool clean = text.Length <= maxChars;
        for (int i = 0; clean && i < text.Length; i++)
        {
            clean = !IsUnsafe(text[i]);
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 24);
        int kept = Math.Min(text.Length, maxChars);
        for (int i = 0; i < kept; i++)
        {
            char c = text[i];
            if (IsUnsafe(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (kept < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} chars)");
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
