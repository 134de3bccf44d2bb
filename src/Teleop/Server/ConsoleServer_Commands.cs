using System.Globalization;
using RobotEdge.Control.Safety;

namespace RobotEdge.Teleop.Server;

public sealed partial class ConsoleServer
{
    /// <summary>The stop causes that latch until an operator's reset (the e-stop, a lost operator).</summary>
    private const StopCauses ResettableCauses = StopCauses.EmergencyStop | StopCauses.OperatorLost;

    /// <summary>
    /// Carries out one signed-in page's command and queues the reply (console threads only). Every
    /// command but the heartbeat is answered; a refusal says why, and a command carried out only in
    /// part says how far.
    /// </summary>
    private void Dispatch(ConsoleSession session, ClientMessage message)
    {
        string command = message.Type ?? "?";
        string name = session.Operator!;
        switch (command)
        {
            case "estop":
                // Open to every signed-in viewer, lease or not. The reply tells the page that the
                // request reached the robot (it latches at the next control tick).
                _robot.Safety.RequestEmergencyStop();
                LogEmergencyStop(_logger, name);
                Reply(session, message, true, "e-stop requested: the robot stops at the next control tick");
                return;

            case "take":
                bool taken = Lease.TryTake(session.Id, name);
                if (!taken)
                {
                    Reply(session, message, false, $"control is held by {Lease.HolderName}");
                    return;
                }

                // A new holder starts from where the joints are, not from a set point left behind;
                // taking control changes nothing else: a stopped robot stays stopped.
                _driver.Restart();
                LogLeaseTaken(_logger, name);
                Reply(session, message, true, StillStopped());
                return;

            case "release":
                if (!Lease.IsHeldBy(session.Id))
                {
                    Reply(session, message, false, "you do not hold control");
                    return;
                }

                Lease.Release(session.Id);
                LogLeaseReleased(_logger, name);
                Reply(session, message, true);
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
            Reply(session, message, false, Lease.HolderName is { } holder ? $"control is held by {holder}" : "take control first");
            return;
        }

        try
        {
            switch (command)
            {
                case "mode":
                    ChangeMode(session, message, name);
                    break;

                case "reset":
                    Reset(session, message, name);
                    break;

                case "jog":
                    Jog(session, message);
                    break;

                case "cartesian":
                    JogCartesian(session, message);
                    break;

                default:
                    Reply(session, message, false, $"unknown command '{command}'");
                    break;
            }
        }
        catch (ArgumentException e)
        {
            Reply(session, message, false, e.Message);
        }
    }

    private void ChangeMode(ConsoleSession session, ClientMessage message, string name)
    {
        SafetyMode mode = SafetySupervisor.ParseMode(message.Mode ?? "");
        if (_robot.Safety.IsEmergencyStopLatched)
        {
            Reply(session, message, false, "the e-stop is latched: reset it first");
            return;
        }

        if (mode == SafetyMode.Manual)
        {
            _driver.Restart();
        }

        _robot.Safety.RequestMode(mode);
        LogModeRequested(_logger, name, mode);
        Reply(session, message, true, StillStopped(ignoring: mode == SafetyMode.Stopped));
    }

    private void Reset(ConsoleSession session, ClientMessage message, string name)
    {
        StopCauses latched = _robot.Safety.Causes & ResettableCauses;
        if (latched == StopCauses.None)
        {
            Reply(session, message, false, "nothing to reset: no e-stop or lost-operator stop is latched");
            return;
        }

        // In manual mode the joints stay where the stop left them until the next jog.
        _driver.Restart();
        if ((latched & StopCauses.EmergencyStop) != 0)
        {
            _robot.Safety.ResetEmergencyStop();
        }

        if ((latched & StopCauses.OperatorLost) != 0)
        {
            _robot.Safety.ResetOperatorLoss();
        }

        LogReset(_logger, name, latched);
        Reply(session, message, true, $"reset {Describe(latched)}");
    }

    private void Jog(ConsoleSession session, ClientMessage message)
    {
        if (!MayJog(session, message))
        {
            return;
        }

        int joint = message.Joint;
        double asked = message.DeltaRad;
        if (double.IsFinite(asked) && Math.Abs(asked) > _options.MaxJogStepRad)
        {
            Reply(session, message, false, $"a jog step of {Rad(Math.Abs(asked))} is larger than the largest step, {Rad(_options.MaxJogStepRad)}");
            return;
        }

        double done = _driver.JogJoint(joint, asked, LatestSnapshot.State);
        string jointName = _robot.Chain.ActiveJoints[joint].Name;
        string limitName = asked > 0 ? "upper" : "lower";
        double limit = asked > 0 ? _robot.Limits.UpperRad[joint] : _robot.Limits.LowerRad[joint];
        if (done == 0 && asked != 0)
        {
            Reply(session, message, false, $"{jointName} is at its {limitName} limit ({Rad(limit)})");
            return;
        }

        // A nanoradian's slack: the difference of two sums is not exact in floating point.
        bool limited = Math.Abs(done) < Math.Abs(asked) - 1e-9;
        Reply(session, message, true, limited ? $"{jointName} stops at its {limitName} limit ({Rad(limit)}): moves {Rad(Math.Abs(done))} of {Rad(Math.Abs(asked))}" : null, limited);
    }

    private void JogCartesian(ConsoleSession session, ClientMessage message)
    {
        if (!MayJog(session, message))
        {
            return;
        }

        double step = Math.Sqrt(message.Dx * message.Dx + message.Dy * message.Dy + message.Dz * message.Dz);
        if (double.IsFinite(step) && step > _options.MaxCartesianStepM)
        {
            Reply(session, message, false, $"a Cartesian step of {step.ToString("F3", CultureInfo.InvariantCulture)} m is larger than the largest step, {_options.MaxCartesianStepM.ToString("F3", CultureInfo.InvariantCulture)} m");
            return;
        }

        bool solved = _driver.JogCartesian(message.Dx, message.Dy, message.Dz, LatestSnapshot.State);
        Reply(session, message, true, solved ? null : "out of reach: moves as close as the joint limits allow", limited: !solved);
    }

    /// <summary>Whether a jog may be carried out now; if not, the refusal is sent.</summary>
    private bool MayJog(ConsoleSession session, ClientMessage message)
    {
        StopCauses causes = _robot.Safety.Causes;
        string? refusal =
            (causes & StopCauses.EmergencyStop) != 0 ? "the e-stop is latched: reset it first"
            : _robot.Safety.Mode != SafetyMode.Manual ? $"jog needs manual mode (the mode is {_robot.Safety.Mode.ToString().ToLowerInvariant()})"
            // The watchdog clears with the next set point; any other cause would leave the jog
            // pending, to start moving by itself when the cause clears.
            : (causes & ~StopCauses.Watchdog) != 0 ? $"the robot is stopped ({Describe(causes & ~StopCauses.Watchdog)}): {((causes & ResettableCauses) != 0 ? "reset it first" : "wait until that clears")}"
            : null;
        if (refusal is null)
        {
            return true;
        }

        Reply(session, message, false, refusal);
        return false;
    }

    /// <summary>A remark for a reply when the robot is held by a cause an operator has to clear; null when none.</summary>
    private string? StillStopped(bool ignoring = false)
    {
        StopCauses latched = _robot.Safety.Causes & ResettableCauses;
        return latched == StopCauses.None || ignoring ? null : $"the robot stays stopped ({Describe(latched)}) until reset";
    }

    private static string Describe(StopCauses causes)
    {
        var parts = new List<string>();
        if ((causes & StopCauses.EmergencyStop) != 0) parts.Add("e-stop");
        if ((causes & StopCauses.OperatorLost) != 0) parts.Add("lost operator");
        if ((causes & StopCauses.Watchdog) != 0) parts.Add("watchdog");
        if ((causes & StopCauses.ActuatorFault) != 0) parts.Add("actuator fault");
        if ((causes & StopCauses.FeedbackLost) != 0) parts.Add("feedback lost");
        if ((causes & StopCauses.ModeStopped) != 0) parts.Add("stopped mode");
        return string.Join(" and ", parts);
    }

    private static string Rad(double value) => value.ToString("F3", CultureInfo.InvariantCulture) + " rad";

    private static void Reply(ConsoleSession session, ClientMessage message, bool ok, string? reason = null, bool limited = false) =>
        session.Reply(Serialize(new ReplyMessage { Command = message.Type ?? "?", Id = message.Id, Ok = ok, Reason = reason, Limited = limited }));
}
