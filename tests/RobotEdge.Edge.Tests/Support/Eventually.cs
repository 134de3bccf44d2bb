namespace RobotEdge.Edge.Tests.Support;

/// <summary>Waits for a condition by polling, with the generous limit a loaded 2-core CI machine needs; never a fixed sleep.</summary>
internal static class Eventually
{
    /// <summary>How long a condition may take to become true.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails with <paramref name="failure"/>'s text after <see cref="Limit"/>.</summary>
    public static async Task HoldsAsync(Func<bool> condition, Func<string> failure)
    {
        DateTime until = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, failure());
            await Task.Delay(20);
        }
    }
}
