using System.Reflection.Emit;
using RobotEdge.Host.Telemetry;

namespace RobotEdge.Host.Tests;

/// <summary>
/// The process-wide counts the steady-state figures are made of (<see cref="RuntimeActivity"/>) see
/// what another thread does: its allocations, a method it compiles, a collection it forces. The
/// test runner's other threads can only add to them, so each check is a lower bound.
/// </summary>
public sealed class ProcessAllocationCountingTests
{
    [Fact]
    public void An_allocation_on_another_thread_is_counted()
    {
        const int bytes = 4 << 20;
        RuntimeActivity before = RuntimeActivity.Take();
        byte[]? kept = null;
        var thread = new Thread(() => kept = new byte[bytes]);
        thread.Start();
        thread.Join();
        RuntimeActivity delta = RuntimeActivity.Take() - before;

        Assert.NotNull(kept);
        // The quantum-precision total leaves out the unused rest of each thread's live allocation
        // context (seen: 27 KiB short of a 4 MiB array): three quarters of it is a safe lower bound.
        Assert.True(delta.AllocatedBytes >= bytes * 3 / 4, $"{delta.AllocatedBytes} B counted for a {bytes} B array");
    }

    [Fact]
    public void A_method_compiled_on_another_thread_is_counted()
    {
        var method = new DynamicMethod("answer", typeof(int), Type.EmptyTypes);
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, 42);
        il.Emit(OpCodes.Ret);

        // Compiled on the thread that creates its delegate (or calls it): both happen there.
        RuntimeActivity before = RuntimeActivity.Take();
        int result = 0;
        var thread = new Thread(() => result = ((Func<int>)method.CreateDelegate(typeof(Func<int>)))());
        thread.Start();
        thread.Join();
        RuntimeActivity delta = RuntimeActivity.Take() - before;

        Assert.Equal(42, result);
        Assert.True(delta.MethodsCompiled >= 1, $"{delta.MethodsCompiled} methods counted after compiling one");
    }

    [Fact]
    public void A_collection_is_counted()
    {
        RuntimeActivity before = RuntimeActivity.Take();
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        RuntimeActivity delta = RuntimeActivity.Take() - before;

        Assert.True(delta.Gen0Collections >= 1, $"{delta.Gen0Collections} collections counted after forcing one");
    }
}
