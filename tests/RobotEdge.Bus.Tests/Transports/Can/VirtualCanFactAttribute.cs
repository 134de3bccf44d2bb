namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>
/// A fact that runs only where a SocketCAN interface (<c>vcan0</c> or <c>can0</c>) exists, and is
/// otherwise reported as skipped with the reason, so a run without one never counts as a pass of
/// the SocketCAN path. xunit 2 has no dynamic skip; setting <see cref="FactAttribute.Skip"/> at
/// discovery is its documented way to skip conditionally.
/// </summary>
public sealed class VirtualCanFactAttribute : FactAttribute
{
    public VirtualCanFactAttribute()
    {
        if (FindInterface() is null)
        {
            Skip = "NOT EXERCISED: no vcan0 or can0 interface on this machine (this kernel has no vcan module), " +
                   "so SocketCAN send/receive was not run. Where vcan exists: `ip link add dev vcan0 type vcan && ip link set vcan0 up`.";
        }
    }

    /// <summary>The first of vcan0, can0 that exists and is administratively up (IFF_UP in its sysfs flags), or null.</summary>
    public static string? FindInterface()
    {
        const int InterfaceUp = 0x1;
        foreach (string name in new[] { "vcan0", "can0" })
        {
            string flags = $"/sys/class/net/{name}/flags";
            if (File.Exists(flags) && (Convert.ToInt32(File.ReadAllText(flags).Trim(), 16) & InterfaceUp) != 0)
            {
                return name;
            }
        }

        return null;
    }
}
