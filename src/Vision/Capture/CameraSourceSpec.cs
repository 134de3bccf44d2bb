namespace RobotEdge.Vision.Capture;

/// <summary>
/// A parsed <c>camera.source</c>: <c>sim</c>, <c>v4l2:/dev/video0</c> (optionally
/// <c>v4l2:/dev/video0?fourcc=MJPG</c>), <c>file:clip.mkv</c> (optionally <c>?pace=fast</c> or
/// <c>?loop=true</c>), <c>rtsp://host/path</c>. Relative file paths resolve against the robot folder.
/// </summary>
public sealed record CameraSourceSpec
{
    /// <summary>The kind of source.</summary>
    public required CameraSourceKind Kind { get; init; }

    /// <summary>Device path, file path (absolute) or URL; empty for the simulator.</summary>
    public string Location { get; init; } = "";

    /// <summary>V4L2 pixel format to ask for (four characters, e.g. MJPG or YUYV); null for the driver's default.</summary>
    public string? FourCc { get; init; }

    /// <summary>File replay pacing.</summary>
    public ReplayPacing Pacing { get; init; } = ReplayPacing.RecordedRate;

    /// <summary>Whether a file starts over at its end instead of ending the source.</summary>
    public bool Loop { get; init; }

    /// <summary>Parses <paramref name="source"/>; relative file paths resolve against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The text is not one of the forms above; the message says which are.</exception>
    public static CameraSourceSpec Parse(string source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        string text = source.Trim();
        if (text == "sim")
        {
            return new CameraSourceSpec { Kind = CameraSourceKind.Simulator };
        }

        if (text.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new CameraSourceSpec { Kind = CameraSourceKind.Stream, Location = text };
        }

        (string location, Dictionary<string, string> query) = SplitQuery(text, source);
        if (location.StartsWith("v4l2:", StringComparison.Ordinal))
        {
            string device = location["v4l2:".Length..];
            if (!device.StartsWith("/dev/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"camera.source '{source}': a V4L2 source names a device, e.g. v4l2:/dev/video0");
            }

            string? fourcc = query.Remove("fourcc", out string? f) ? f.ToUpperInvariant() : null;
            if (fourcc is not null && fourcc.Length != 4)
            {
                throw new ArgumentException($"camera.source '{source}': fourcc '{fourcc}' is not four characters (MJPG, YUYV)");
            }

            RejectUnknown(query, source);
            return new CameraSourceSpec { Kind = CameraSourceKind.V4l2Device, Location = device, FourCc = fourcc };
        }

        if (location.StartsWith("file:", StringComparison.Ordinal))
        {
            string path = location["file:".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"camera.source '{source}': file: needs a path, e.g. file:clip.mkv");
            }

            var pacing = ReplayPacing.RecordedRate;
            if (query.Remove("pace", out string? pace))
            {
                pacing = pace switch
                {
                    "recorded" => ReplayPacing.RecordedRate,
                    "fast" => ReplayPacing.AsFastAsPossible,
                    _ => throw new ArgumentException($"camera.source '{source}': pace must be 'recorded' or 'fast'"),
                };
            }

            bool loop = false;
            if (query.Remove("loop", out string? l))
            {
                loop = l switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => throw new ArgumentException($"camera.source '{source}': loop must be true or false"),
                };
            }

            RejectUnknown(query, source);
            return new CameraSourceSpec
            {
                Kind = CameraSourceKind.File,
                Location = Path.GetFullPath(Path.Combine(baseDirectory, path)),
                Pacing = pacing,
                Loop = loop,
            };
        }

        throw new ArgumentException(
            $"camera.source '{source}' is not understood: use sim, v4l2:/dev/video0[?fourcc=MJPG], file:clip.mkv[?pace=fast&loop=true] or rtsp://host/path");
    }

    private static (string Location, Dictionary<string, string> Query) SplitQuery(string text, string source)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        int mark = text.IndexOf('?', StringComparison.Ordinal);
        if (mark < 0)
        {
            return (text, query);
        }

        foreach (string pair in text[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"camera.source '{source}': option '{pair}' is not name=value");
            }

            query[pair[..eq]] = pair[(eq + 1)..];
        }

        return (text[..mark], query);
    }

    private static void RejectUnknown(Dictionary<string, string> query, string source)
    {
        if (query.Count > 0)
        {
            throw new ArgumentException($"camera.source '{source}': unknown option(s) {string.Join(", ", query.Keys)}");
        }
    }
}
