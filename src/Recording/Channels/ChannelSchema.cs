namespace RobotEdge.Recording.Channels;

/// <summary>
/// The schema of a channel's messages, as MCAP and the Foxglove WebSocket protocol both describe it.
/// </summary>
/// <param name="Name">The schema's name, e.g. <c>foxglove.CompressedImage</c> or <c>robotedge.StageTimings</c>.</param>
/// <param name="Encoding">How <paramref name="Data"/> is written: <c>jsonschema</c> (UTF-8 JSON Schema text) for
/// every schema RobotEdge writes today.</param>
/// <param name="Data">The schema itself.</param>
public sealed record ChannelSchema(string Name, string Encoding, ReadOnlyMemory<byte> Data);
