namespace RobotEdge.Host.Tests;

/// <summary>
/// Real-robot runs (real-time threads, a virtual servo chain, a video decoder) run alone, after the
/// parallel tests: their load would otherwise push the lockstep pseudo-terminal tests' servo replies
/// into their timeout path, which those tests' allocation counts would see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealRobotCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "real robot runs";
}
