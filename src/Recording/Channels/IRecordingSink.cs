namespace RobotEdge.Recording.Channels;

/// <summary>
/// Where a robot's recorded channels go: an MCAP file, a Foxglove live view, or both side by side.
/// </summary>
/// <remarks>
/// Contract: every member is called from one thread, the recorder's — never from a real-time thread —
/// in this order: <see cref="Begin"/> once, then any mix of <see cref="Write"/>, <see cref="Attach"/>,
/// <see cref="AddMetadata"/> and <see cref="Flush"/>, then <see cref="IDisposable.Dispose"/>, which
/// finishes the output (an MCAP file's summary and footer; a live view's close). A sink never blocks the
/// recorder on a slow consumer: a live view drops messages for a client that does not keep up. A sink
/// that fails (disk full, socket gone) throws from the call that failed; the recorder reports it in one
/// line and stops feeding that sink, never the robot. Spans passed in are valid only during the call.
/// Times are nanoseconds since the Unix epoch (the frame's capture clock for <c>logTimeNs</c>).
/// </remarks>
public interface IRecordingSink : IDisposable
{
    /// <summary>Declares every channel of the session, before any message.</summary>
    void Begin(IReadOnlyList<RecordedChannel> channels);

    /// <summary>One message on <paramref name="channelId"/>; <paramref name="data"/> is its encoded form.</summary>
    /// <param name="channelId">A <see cref="RecordedChannel.Id"/> declared in <see cref="Begin"/>.</param>
    /// <param name="sequence">The message's sequence number on its channel, from 0 (gaps mean drops upstream).</param>
    /// <param name="logTimeNs">When the data was observed (a frame's capture time), ns since the Unix epoch.</param>
    /// <param name="publishTimeNs">When the robot produced the message, ns since the Unix epoch.</param>
    /// <param name="data">The encoded message, in the channel's <see cref="RecordedChannel.MessageEncoding"/>.</param>
    void Write(ushort channelId, uint sequence, ulong logTimeNs, ulong publishTimeNs, ReadOnlySpan<byte> data);

    /// <summary>A whole file stored beside the messages (the robot's URDF, its robot.json). Live views may ignore it.</summary>
    void Attach(string name, string mediaType, ulong logTimeNs, ReadOnlySpan<byte> data);

    /// <summary>A named set of key/value pairs describing the session (robot, versions, options). Live views may ignore it.</summary>
    void AddMetadata(string name, IReadOnlyDictionary<string, string> values);

    /// <summary>Makes everything written so far durable (ends an MCAP file's open chunk). Called about once a second.</summary>
    void Flush();
}
