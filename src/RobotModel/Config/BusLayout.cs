using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Config;

/// <summary>
/// The robot's actuator buses resolved against its joints: which bus drives which joint, with which
/// device id, offset, direction and limits. Built from <see cref="RobotConfig.Buses"/>, or from the
/// single-URI <see cref="RobotConfig.Bus"/> form (every joint on that bus, ids 1…n in joint order,
/// default offsets).
/// </summary>
public sealed class BusLayout
{
    private BusLayout(IReadOnlyList<BusGroupLayout> groups, int jointCount)
    {
        Groups = groups;
        JointCount = jointCount;
    }

    /// <summary>The buses, in configuration order.</summary>
    public IReadOnlyList<BusGroupLayout> Groups { get; }

    /// <summary>Number of robot joints; every one is driven by exactly one group.</summary>
    public int JointCount { get; }

    /// <summary>
    /// Resolves <paramref name="config"/>'s buses against <paramref name="joints"/>, the robot's
    /// actuated joints in the robot's joint order (for a camera robot, its kinematic chain's active
    /// joints). Errors name <paramref name="source"/> and the entry at fault.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// An unknown scheme, a missing port, a bad baud rate, a joint not in the URDF, a joint mapped
    /// twice or not at all, a duplicate device id or port, a bad direction, offset or limit.
    /// </exception>
    public static BusLayout Resolve(RobotConfig config, IReadOnlyList<UrdfJoint> joints, string source = "robot.json")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(joints);
        void Fail(string message) => throw new InvalidDataException($"{source}: {message}");

        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < joints.Count; i++)
        {
            indexByName[joints[i].Name] = i;
        }

        List<BusGroupConfig> groupConfigs = config.Buses;
        if (groupConfigs.Count == 0)
        {
            groupConfigs = [FromSingleUri(config.Bus, joints, source)];
        }
        else if (!string.Equals(config.Bus.Trim(), "sim", StringComparison.OrdinalIgnoreCase))
        {
            Fail($"set either \"bus\" (one bus for every joint) or \"buses\" (one entry per bus), not both (bus is '{config.Bus}')");
        }

        var groups = new List<BusGroupLayout>(groupConfigs.Count);
        var ownerOf = new string?[joints.Count];
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int g = 0; g < groupConfigs.Count; g++)
        {
            BusGroupConfig group = groupConfigs[g];
            string where = $"buses[{g}]";
            BusUri uri = default;
            try
            {
                uri = BusUri.Parse(group.Uri ?? "");
            }
            catch (FormatException e)
            {
                Fail($"{where}: {e.Message}");
            }

            if (!uri.IsSimulated)
            {
                if (ports.TryGetValue(uri.Port, out int other))
                {
                    Fail($"{where}: port {uri.Port} is already used by buses[{other}]; one port carries one bus (put both groups' joints in one entry)");
                }

                ports[uri.Port] = g;
            }

            if (group.Joints.Count == 0)
            {
                Fail($"{where} ({uri}): no joints");
            }

            if (group.Joints.Count > JointVector.Capacity)
            {
                Fail($"{where} ({uri}): {group.Joints.Count} joints; one bus drives at most {JointVector.Capacity}");
            }

            if (group.CycleTimeoutMs is < 1 or > 1000)
            {
                Fail($"{where}: cycleTimeoutMs {group.CycleTimeoutMs} is out of range [1, 1000]");
            }

            if (!double.IsFinite(group.PositionLeadMs) || group.PositionLeadMs is < 0 or > 200)
            {
                Fail($"{where}: positionLeadMs {group.PositionLeadMs} is out of range [0, 200]");
            }

            (int minId, int maxId) = IdRange(uri.Scheme);
            var resolved = new BusJointLayout[group.Joints.Count];
            for (int j = 0; j < group.Joints.Count; j++)
            {
                BusJointConfig joint = group.Joints[j];
                string at = $"{where}.joints[{j}]";
                if (string.IsNullOrWhiteSpace(joint.Name))
                {
                    Fail($"{at}: name is missing");
                }

                if (!indexByName.TryGetValue(joint.Name, out int index))
                {
                    Fail($"{at}: joint '{joint.Name}' is not one of the robot's actuated joints ({string.Join(", ", joints.Select(x => x.Name))})");
                }

                if (ownerOf[index] is { } owner)
                {
                    Fail($"{at}: joint '{joint.Name}' is already driven by {owner}");
                }

                ownerOf[index] = at;
                int id = joint.Id ?? j + 1;
                if (id < minId || id > maxId)
                {
                    Fail($"{at}: id {id} of joint '{joint.Name}' is out of range [{minId}, {maxId}] for {uri.Scheme}");
                }

                for (int k = 0; k < j; k++)
                {
                    if (resolved[k].DeviceId == id)
                    {
                        Fail($"{at}: id {id} of joint '{joint.Name}' is already used by joint '{resolved[k].Name}' on the same bus");
                    }
                }

                if (joint.Direction is not (1 or -1))
                {
                    Fail($"{at}: direction of joint '{joint.Name}' must be 1 or -1, not {joint.Direction}");
                }

                double offset = joint.OffsetRad ?? (uri.IsServoBus ? Math.PI : 0);
                if (!double.IsFinite(offset))
                {
                    Fail($"{at}: offsetRad of joint '{joint.Name}' must be finite");
                }

                (double lower, double upper, double velocity) = Limits(joints[index], joint, at, Fail);
                resolved[j] = new BusJointLayout(joint.Name, index, id, offset, joint.Direction, lower, upper, velocity)
                {
                    Motor = string.IsNullOrWhiteSpace(joint.Motor) ? null : joint.Motor.Trim(),
                    MotorRanges = MotorRanges(uri, joint, at, Fail),
                };
            }

            groups.Add(new BusGroupLayout(uri, resolved, group.CycleTimeoutMs, group.PositionLeadMs));
        }

        for (int i = 0; i < joints.Count; i++)
        {
            if (ownerOf[i] is null)
            {
                Fail($"joint '{joints[i].Name}' is not mapped to any bus (add it to the joints of one entry in \"buses\")");
            }
        }

        return new BusLayout(groups, joints.Count);
    }

    /// <summary>
    /// Tightens limits held in robot joint order (each span at least <see cref="JointCount"/> long) to
    /// the configured ones: the larger lower, the smaller upper, the smaller velocity limit (the
    /// configured one times <paramref name="velocityScale"/>).
    /// </summary>
    public void TightenLimits(Span<double> lowerRad, Span<double> upperRad, Span<double> maxVelocityRadPerS, double velocityScale = 1.0)
    {
        foreach (BusGroupLayout group in Groups)
        {
            foreach (BusJointLayout joint in group.Joints)
            {
                int i = joint.JointIndex;
                lowerRad[i] = Math.Max(lowerRad[i], joint.LowerRad);
                upperRad[i] = Math.Min(upperRad[i], joint.UpperRad);
                maxVelocityRadPerS[i] = Math.Min(maxVelocityRadPerS[i], joint.MaxVelocityRadPerS * velocityScale);
            }
        }
    }

    private static BusGroupConfig FromSingleUri(string uri, IReadOnlyList<UrdfJoint> joints, string source)
    {
        if (joints.Count > JointVector.Capacity)
        {
            throw new InvalidDataException($"{source}: the robot has {joints.Count} joints, more than one bus drives ({JointVector.Capacity}); list them in \"buses\"");
        }

        var group = new BusGroupConfig { Uri = uri };
        foreach (UrdfJoint joint in joints)
        {
            group.Joints.Add(new BusJointConfig { Name = joint.Name });
        }

        return group;
    }

    /// <summary>Checks a joint's <c>motor</c> / <c>motorRanges</c> (CAN MIT motors only, one or the other) and resolves the ranges' defaults.</summary>
    private static BusMotorRanges? MotorRanges(BusUri uri, BusJointConfig joint, string at, Action<string> fail)
    {
        bool named = !string.IsNullOrWhiteSpace(joint.Motor);
        if (joint.Motor is not null && !named)
        {
            fail($"{at}: motor of joint '{joint.Name}' is empty; name the model (e.g. \"AK80-9\") or leave the field out");
        }

        if (!named && joint.MotorRanges is null)
        {
            return null;
        }

        if (uri.Scheme is not (BusScheme.Slcan or BusScheme.SocketCan or BusScheme.SimSlcan))
        {
            fail($"{at}: motor and motorRanges describe MIT motors on a CAN bus (slcan:, socketcan:); joint '{joint.Name}' is on {uri.Scheme}");
        }

        if (named && joint.MotorRanges is not null)
        {
            fail($"{at}: joint '{joint.Name}' sets both motor and motorRanges; give one (the model's ranges, or explicit ones)");
        }

        if (joint.MotorRanges is not { } r)
        {
            return null;
        }

        string where = $"{at}.motorRanges";
        double Max(double? value, string field)
        {
            if (value is not { } v)
            {
                fail($"{where}.{field} is required (the firmware's upper bound)");
            }
            else if (!double.IsFinite(v) || v <= 0)
            {
                fail($"{where}.{field} must be a finite number > 0, not {v}");
            }

            return value ?? 0;
        }

        double Min(double? value, double fallback, double max, string field)
        {
            double v = value ?? fallback;
            if (!double.IsFinite(v) || v >= max)
            {
                fail($"{where}.{field} must be a finite number below its maximum {max}, not {v}");
            }

            return v;
        }

        double pMax = Max(r.PositionMaxRad, "positionMaxRad");
        double vMax = Max(r.VelocityMaxRadPerS, "velocityMaxRadPerS");
        double tMax = Max(r.TorqueMaxNm, "torqueMaxNm");
        double kpMax = Max(r.KpMax, "kpMax");
        double kdMax = Max(r.KdMax, "kdMax");
        return new BusMotorRanges(
            Min(r.PositionMinRad, -pMax, pMax, "positionMinRad"), pMax,
            Min(r.VelocityMinRadPerS, -vMax, vMax, "velocityMinRadPerS"), vMax,
            Min(r.TorqueMinNm, -tMax, tMax, "torqueMinNm"), tMax,
            Min(r.KpMin, 0, kpMax, "kpMin"), kpMax,
            Min(r.KdMin, 0, kdMax, "kdMin"), kdMax);
    }

    private static (int Min, int Max) IdRange(BusScheme scheme) => scheme switch
    {
        BusScheme.Dynamixel or BusScheme.SimDynamixel => (0, 252),
        BusScheme.Feetech or BusScheme.SimFeetech => (0, 253),
        BusScheme.Slcan or BusScheme.SocketCan or BusScheme.SimSlcan => (1, 255),
        _ => (0, int.MaxValue),
    };

    private static (double Lower, double Upper, double Velocity) Limits(UrdfJoint urdf, BusJointConfig joint, string at, Action<string> fail)
    {
        double lower = urdf.Limits?.LowerRad ?? double.NegativeInfinity;
        double upper = urdf.Limits?.UpperRad ?? double.PositiveInfinity;
        double velocity = urdf.Limits is { VelocityRadPerS: > 0 } l ? l.VelocityRadPerS : double.PositiveInfinity;
        if (urdf.Type == JointType.Continuous)
        {
            lower = double.NegativeInfinity;
            upper = double.PositiveInfinity;
        }

        if (joint.LowerRad is { } lo)
        {
            if (!double.IsFinite(lo) || lo < lower)
            {
                fail($"{at}: lowerRad {lo} of joint '{joint.Name}' is below the URDF's {lower}; configuration may only tighten limits");
            }

            lower = lo;
        }

        if (joint.UpperRad is { } hi)
        {
            if (!double.IsFinite(hi) || hi > upper)
            {
                fail($"{at}: upperRad {hi} of joint '{joint.Name}' is above the URDF's {upper}; configuration may only tighten limits");
            }

            upper = hi;
        }

        if (lower >= upper)
        {
            fail($"{at}: joint '{joint.Name}' has lowerRad {lower} not below upperRad {upper}");
        }

        if (joint.MaxVelocityRadPerS is { } v)
        {
            if (!double.IsFinite(v) || v <= 0 || v > velocity)
            {
                fail($"{at}: maxVelocityRadPerS {v} of joint '{joint.Name}' must be positive and at most the URDF's {velocity}");
            }

            velocity = v;
        }

        return (lower, upper, velocity);
    }
}
