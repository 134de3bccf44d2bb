using System.Reflection;
using System.Runtime.CompilerServices;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Timing;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Runtime.Warmup;

/// <summary>
/// Compiles, before a real-time run's threads start, every method declared on the types its threads
/// call every tick or frame — the control loop and what it drives (safety, controller, the rig's
/// actual bus, camera and planner types), the hand-offs, the clock and wait, the runner and the
/// telemetry it feeds — so that the first control ticks run compiled code instead of waiting for the
/// JIT on the control thread (a fully optimised compilation of a large method takes milliseconds:
/// more than a tick). Perception and planning are compiled by running them (<see cref="RobotRig.WarmUp"/>).
/// With tiered compilation off (the robotedge process's setting) a prepared method is final code;
/// with it on the JIT would produce quick tier-0 code here and recompile it later, so this is only
/// worth doing in the former. Not real-time: reflection, compilation; called before the run.
/// </summary>
public static class HotPathPreparation
{
    /// <summary>The types whose methods <see cref="Prepare"/> compiles for <paramref name="rig"/>'s run.</summary>
    public static IReadOnlyCollection<Type> HotTypes(RobotRig rig, RunStatistics statistics)
    {
        var types = new HashSet<Type>
        {
            typeof(RealtimeRunner), typeof(ControlLoop), typeof(SafetySupervisor), typeof(JointTrackingController), typeof(LoopHeartbeat),
            rig.Actuators.GetType(), rig.FrameSource.GetType(), rig.Planner.GetType(), rig.Compute.GetType(),
            typeof(FramePool), typeof(LatestSlot<Frame>), typeof(LatestMailbox<JointGoal>), typeof(LatestMailbox<JointState>),
            typeof(LatestMailbox<ControlSnapshot>), typeof(SpscRing<FrameRecord>), typeof(SpscRing<CommandRecord>),
            typeof(PreciseWait), typeof(MonotonicClock), typeof(RuntimeActivity), typeof(ProcessResourceUsage),
            statistics.GetType(), typeof(DeadlineMonitor), typeof(LatencyRecorder), typeof(HealthBoard), typeof(WireTimeline),
            typeof(RealtimeTrace), typeof(FrameTap),
        };
        AddReachableTypes(types, rig);
        AddReachableTypes(types, statistics);
        return types;
    }

    /// <summary>Most objects one object graph walk visits (the rig holds thousands: the walk stops there).</summary>
    private const int MaxObjectsWalked = 20_000;

    /// <summary>
    /// Adds the concrete RobotEdge types of every object reachable from <paramref name="root"/> through
    /// instance fields (and the interfaces they implement, for default interface members), and the
    /// closed generic types among them. Why: the rig's parts are wrapped and composed — the simulated
    /// camera's renderer, the actuator bus behind its decorators, the safety log, the frame tap, the
    /// rings between threads — and a type missed here is compiled on a robot thread during its first
    /// ticks. Under a CPU hog such a compilation was measured at 970 ms on the compute thread
    /// (<c>bench rt --hog 2</c>: FrameTap.Offer), with the control thread's tick stuck 759 ms behind
    /// it. Arrays are not walked element by element (their element type is added once); objects of
    /// other libraries (ONNX Runtime, OpenCV, the BCL) are not entered.
    /// </summary>
    private static void AddReachableTypes(HashSet<Type> types, object root)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0 && visited.Count < MaxObjectsWalked)
        {
            object current = pending.Pop();
            if (!visited.Add(current))
            {
                continue;
            }

            Type type = current.GetType();
            if (type.IsArray)
            {
                AddIfOurs(types, type.GetElementType()!);
                continue;
            }

            if (!IsOurs(type))
            {
                continue;
            }

            AddIfOurs(types, type);
            foreach (Type implemented in type.GetInterfaces())
            {
                AddIfOurs(types, implemented);
            }

            for (Type? declaring = type; declaring is not null && IsOurs(declaring); declaring = declaring.BaseType)
            {
                AddIfOurs(types, declaring);
                const BindingFlags instanceFields = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
                foreach (FieldInfo field in declaring.GetFields(instanceFields))
                {
                    if (field.FieldType.IsPrimitive || field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    if (field.GetValue(current) is { } value && !value.GetType().IsPrimitive)
                    {
                        pending.Push(value);
                    }
                }
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is one of RobotEdge's own (or a generic type over one, such as a ring of our records).</summary>
    private static bool IsOurs(Type type) =>
        (type.Namespace?.StartsWith("RobotEdge.", StringComparison.Ordinal) ?? false)
        || (type.IsGenericType && type.GetGenericArguments().Any(IsOurs));

    private static void AddIfOurs(HashSet<Type> types, Type type)
    {
        if (IsOurs(type) && !type.ContainsGenericParameters)
        {
            types.Add(type);
        }
    }

    /// <summary>Compiles every method and constructor declared on <paramref name="types"/> (closed generic types included; open generic methods skipped).</summary>
    /// <returns>How many methods were prepared.</returns>
    public static int Prepare(IEnumerable<Type> types)
    {
        int prepared = 0;
        foreach (Type type in types)
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            RuntimeTypeHandle[]? instantiation = type.IsGenericType ? [.. type.GetGenericArguments().Select(a => a.TypeHandle)] : null;
            const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            IEnumerable<MethodBase> methods = type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared));
            foreach (MethodBase method in methods)
            {
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
                    prepared++;
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
                {
                    // A method the runtime will not compile ahead of its call (e.g. one needing an
                    // instantiation that reflection cannot give): it is compiled on its first call.
                }
            }
        }

        return prepared;
    }
}
