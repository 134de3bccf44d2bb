namespace RobotEdge.Bus.Tests.Support;

/// <summary>
/// Two-thread stress tests run in this collection, one at a time and never beside other tests:
/// on a 2-core machine each of them needs both cores to finish quickly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Two-thread stress";
}
