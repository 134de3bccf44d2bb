using RobotEdge.Edge.Registry;
using RobotEdge.Edge.Site;

namespace RobotEdge.Edge.Tests.Site;

public class SiteTaskBoardTests
{
    private static SiteTaskBoard Board(out List<RobotEntryConfig> robots)
    {
        robots =
        [
            new() { Id = "a", Token = "token-a-0123456789", XM = 0, YM = 0 },
            new() { Id = "b", Token = "token-b-0123456789", XM = 10, YM = 0 },
            new() { Id = "c", Token = "token-c-0123456789", XM = 5, YM = 5 },
        ];
        var tasks = new List<SiteTaskConfig>
        {
            new() { Id = "near-b", XM = 9, YM = 1 },
            new() { Id = "near-a", XM = 1, YM = 0 },
        };
        return new SiteTaskBoard(new RobotRegistry(robots).Entries, robots, tasks);
    }

    [Fact]
    public void AssignsEachTaskToTheNearestIdleRobot()
    {
        SiteTaskBoard board = Board(out _);
        // Both robots join before anything is assigned: near-b goes to b, near-a to a.
        board.Update(0, connected: false, faulted: false, null, null, null);
        Assert.Equal([new TaskAssignment(1, "near-b", 9, 1, "")], board.Update(1, connected: true, faulted: false, null, null, null));
        Assert.Equal([new TaskAssignment(0, "near-a", 1, 0, "")], board.Update(0, connected: true, faulted: false, null, null, null));
    }

    [Fact]
    public void AnIdleRobotTakesTheFirstPendingTaskEvenWhenFar()
    {
        SiteTaskBoard board = Board(out _);
        // Only a is on the site: it takes the first task in list order although it is 9 m away.
        Assert.Equal([new TaskAssignment(0, "near-b", 9, 1, "")], board.Update(0, connected: true, faulted: false, null, null, null));
        // b joins and takes what is left.
        Assert.Equal([new TaskAssignment(1, "near-a", 1, 0, "")], board.Update(1, connected: true, faulted: false, null, null, null));
    }

    [Fact]
    public void ATaskOfAFaultedRobotGoesToTheNearestOtherIdleRobot()
    {
        SiteTaskBoard board = Board(out _);
        board.Update(1, connected: true, faulted: false, null, null, null); // b takes near-b
        board.Update(0, connected: true, faulted: false, null, null, null); // a takes near-a
        Assert.Empty(board.Update(2, connected: true, faulted: false, null, null, null)); // nothing left for c

        // b faults: near-b (at 9, 1) goes to c (at 5, 5), the only idle robot.
        Assert.Equal([new TaskAssignment(2, "near-b", 9, 1, "")], board.Update(1, connected: true, faulted: true, null, null, null));
        SiteSnapshot snapshot = board.Snapshot();
        Assert.Equal("c", snapshot.Tasks.Single(t => t.Id == "near-b").RobotId);
        Assert.Null(snapshot.Robots.Single(r => r.Id == "b").TaskId);
    }

    [Fact]
    public void ADoneTaskStaysDoneAndADisconnectedRobotGivesItsTaskBack()
    {
        SiteTaskBoard board = Board(out _);
        board.Update(0, connected: true, faulted: false, null, null, null);           // a: near-b
        board.Update(0, connected: true, faulted: false, 1, 0, "near-b");            // done; a (now at 1, 0) takes near-a
        Assert.Equal("done", board.Snapshot().Tasks.Single(t => t.Id == "near-b").State);
        Assert.Equal("a", board.Snapshot().Tasks.Single(t => t.Id == "near-a").RobotId);

        board.Update(0, connected: false, faulted: false, null, null, null);
        Assert.Equal("pending", board.Snapshot().Tasks.Single(t => t.Id == "near-a").State);
        Assert.Equal([new TaskAssignment(1, "near-a", 1, 0, "")], board.Update(1, connected: true, faulted: false, null, null, null));
    }
}
