namespace RobotEdge.Sim.Scene;

/// <summary>The people of a scenario, and which of them the robot is meant to follow. Read-only after construction.</summary>
public sealed class PeopleInScene
{
    /// <summary>Most people a scene holds (the ground truth keeps this many per frame).</summary>
    public const int Capacity = 4;

    /// <summary>Creates the scene's people.</summary>
    /// <exception cref="ArgumentException">More than <see cref="Capacity"/> people, or a followed index out of range.</exception>
    public PeopleInScene(IReadOnlyList<PersonBillboard> people, int followed)
    {
        if (people.Count is < 1 or > Capacity)
        {
            throw new ArgumentException($"a scene holds 1 to {Capacity} people, got {people.Count}");
        }

        if (followed < 0 || followed >= people.Count)
        {
            throw new ArgumentException($"the followed person {followed} is not one of the {people.Count} people");
        }

        People = [.. people];
        Followed = followed;
    }

    /// <summary>The people, in the scenario's order.</summary>
    public PersonBillboard[] People { get; }

    /// <summary>Index of the person the robot is meant to follow.</summary>
    public int Followed { get; }
}
