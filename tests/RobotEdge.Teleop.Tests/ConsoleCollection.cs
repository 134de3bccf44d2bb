namespace RobotEdge.Teleop.Tests;

/// <summary>The browser tests share one robot, console and browser.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
