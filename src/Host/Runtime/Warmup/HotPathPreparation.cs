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
        };
        return types;
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
