using RobotEdge.Bus.Messages;
using RobotEdge.Control.Safety;

namespace RobotEdge.Teleop.Server;

public sealed partial class ConsoleServer
{
    /// <summary>Carries out one signed-in page's command and queues the reply (console threads only).</summary>
    private void Dispatch(ConsoleSession session, ClientMessage message)
    {
        string command = message.Type ?? "?";
        string name = session.Operator!;
        switch (command)
        {
            case "estop":
                // Open to every signed-in viewer, lease or not.
                _robot.Safety.RequestEmergencyStop();
                LogEmergencyStop(_logger, name);
                Reply(session, command, true);
                return;

            case "take":
                bool taken = Lease.TryTake(session.Id, name);
                if (taken)
                {
                    // A new holder starts from where the joints are, not from a set point left behind.
                    _driver.Restart();
                    LogLeaseTaken(_logger, name);
                }

                Reply(session, command, taken, taken ? null : $"control is held by {Lease.HolderName}");
                return;

            case "release":
                if (Lease.IsHeldBy(session.Id))
                {
                    Lease.Release(session.Id);
                    LogLeaseReleased(_logger, name);
                }

                Reply(session, command, true);
                return;

            case "heartbeat":
                if (Lease.Heartbeat(session.Id) && _robot.Safety.Mode == SafetyMode.Manual)
                {
                    _driver.Heartbeat(LatestSnapshot.State);
                }

                return; // No reply: ten a second.
        }

        if (!Lease.IsHeldBy(session.Id))
        {
            Reply(session, command, false, Lease.HolderName is { } holder ? $"control is held by {holder}" : "take control first");
            return;
        }

        try
        {
            switch (command)
            {
                case "mode":
                    SafetyMode mode = SafetySupervisor.ParseMode(message.Mode ?? "");
                    if (mode == SafetyMode.Manual)
                    {
                        _driver.Restart();
                    }

                    _robot.Safety.RequestMode(mode);
                    LogModeRequested(_logger, name, mode);
                    Reply(session, command, true);
                    break;

                case "reset":
                    // In manual mode the joints stay where the stop left them until the next jog.
                    _driver.Restart();
                    _robot.Safety.ResetEmergencyStop();
                    LogReset(_logger, name);
                    Reply(session, command, true);
                    break;

                case "jog":
                    if (!RequireManual(session, command))
                    {
                        break;
                    }

                    _driver.JogJoint(message.Joint, message.DeltaRad, LatestSnapshot.State);
                    Reply(session, command, true);
                    break;

                case "cartesian":
                    if (!RequireManual(session, command))
                    {
                        break;
                    }

                    bool solved = _driver.JogCartesian(message.Dx, message.Dy, message.Dz, LatestSnapshot.State);
                    Reply(session, command, true, solved ? null : "out of reach: moved as close as the joint limits allow");
                    break;

                default:
                    Reply(session, command, false, $"unknown command '{command}'");
                    break;
            }
        }
        catch (ArgumentException e)
        {
            Reply(session, command, false, e.Message);
        }
    }

    private bool RequireManual(ConsoleSession session, string command)
    {
        if (_robot.Safety.Mode == SafetyMode.Manual)
        {
            return true;
        }

        Reply(session, command, false, "jog needs manual mode");
        return false;
    }

    private static void Reply(ConsoleSession session, string command, bool ok, string? reason = null) =>
        session.Reply(Serialize(new ReplyMessage { Command = command, Ok = ok, Reason = reason }));
}
