namespace RobotEdge.Recording.Channels;

/// <summary>One stream of messages of one schema: a topic in a recording or a live view.</summary>
/// <param name="Id">The channel's identifier, unique within one recording or live session; messages name
/// their channel by it. Assigned by whoever builds the channel set, from 1 upwards.</param>
/// <param name="Topic">The topic, e.g. <c>/camera/image</c>.</param>
/// <param name="MessageEncoding">How each message is written: <c>json</c> for every channel RobotEdge writes
/// today (UTF-8 JSON matching <paramref name="Schema"/>; byte fields in base64, as Foxglove reads them).</param>
/// <param name="Schema">The messages' schema.</param>
/// <param name="Metadata">Free-form key/value pairs stored with the channel (may be empty).</param>
public sealed record RecordedChannel(
    ushort Id,
    string Topic,
    string MessageEncoding,
    ChannelSchema Schema,
    IReadOnlyDictionary<string, string> Metadata);
