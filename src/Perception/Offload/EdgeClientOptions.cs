namespace RobotEdge.Perception.Offload;

/// <summary>How a robot reaches its site edge server.</summary>
public sealed class EdgeClientOptions
{
    /// <summary>The server's robot endpoint, e.g. <c>ws://edge.local:5080/robot</c> (an http(s) URL is mapped to ws(s) and /robot).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>This robot's bearer token.</summary>
    public required string Token { get; init; }

    /// <summary>Clock pings while connected, ms.</summary>
    public int PingIntervalMs { get; init; } = 200;

    /// <summary>Health reports (the <c>healthSource</c> given to <see cref="EdgeClient"/>) while connected, ms.</summary>
    public int HealthIntervalMs { get; init; } = 250;

    /// <summary>Reconnect backoff: first wait, ms (doubles per failed attempt).</summary>
    public int BackoffInitialMs { get; init; } = 100;

    /// <summary>Reconnect backoff: longest wait, ms.</summary>
    public int BackoffMaxMs { get; init; } = 2000;

    /// <summary>Connection attempt timeout, ms.</summary>
    public int ConnectTimeoutMs { get; init; } = 1000;

    /// <summary>Send the tensor as one byte per value (default) rather than float32.</summary>
    public bool SendPixelBytes { get; init; } = true;

    /// <summary>Maps an http(s) server URL to its ws(s) robot endpoint; ws(s) URLs are kept as given.</summary>
    public static Uri EndpointFrom(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is "ws" or "wss")
        {
            return uri;
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"edge server URL '{url}' must be http(s):// or ws(s)://");
        }

        return new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws", Path = "/robot" }.Uri;
    }
}
