namespace RobotEdge.Bus.Faults;

/// <summary>
/// Where a robot thread's fault barrier reports an unexpected exception (a defect or a device that
/// failed in a way its own recovery does not cover). The run that owns the reporter then requests the
/// e-stop, brings the joints to a controlled stop and holds, logs the cause in one line and ends with
/// a non-zero exit code. Expected conditions with their own recovery (a servo that stops answering, an
/// edge server that goes away) are not faults and are not reported here.
/// </summary>
public interface IFaultReporter
{
    /// <summary>
    /// Reports that <paramref name="thread"/> (camera, compute, control, bus, console, edge client, …)
    /// failed with <paramref name="exception"/>. Any thread, any number of times; the first report wins.
    /// Off the hot path: called from a barrier's catch block, which may allocate.
    /// </summary>
    void ReportFault(string thread, Exception exception);
}
