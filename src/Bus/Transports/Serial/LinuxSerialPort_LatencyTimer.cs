using System.Globalization;

namespace RobotEdge.Bus.Transports.Serial;

/// <summary>The FTDI latency timer: found through sysfs, lowered to 1 ms at open.</summary>
public sealed partial class LinuxSerialPort
{
    /// <summary>The value the latency timer is set to, milliseconds (the chip's minimum).</summary>
    private const int LowLatencyTimerMs = 1;

    /// <summary>
    /// Reads <c>&lt;sysfs tty class&gt;/&lt;name&gt;/device/latency_timer</c> for the device behind
    /// <paramref name="path"/> (after resolving <c>/dev/serial/by-id</c> links) and, if asked, lowers
    /// it to 1 ms. Reports through <see cref="SerialPortOptions.Log"/>; a timer that cannot be written
    /// (permissions) is reported, not fatal.
    /// </summary>
    /// <returns>The timer in ms after the attempt, or null when the device has none.</returns>
    private static int? ConfigureLatencyTimer(string path, SerialPortOptions options)
    {
        string device = path;
        try
        {
            FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                device = target.FullName;
            }
        }
        catch (IOException)
        {
            // Not a link we can follow: use the path as given.
        }

        string file = System.IO.Path.Combine(options.SysfsTtyClassPath, System.IO.Path.GetFileName(device), "device", "latency_timer");
        if (!File.Exists(file))
        {
            return null;
        }

        int? before = TryReadMilliseconds(file);
        if (before is null)
        {
            options.Log?.Invoke($"{path}: could not read the FTDI latency timer at {file}");
            return null;
        }

        if (!options.SetLowLatencyTimer || before == LowLatencyTimerMs)
        {
            return before;
        }

        try
        {
            File.WriteAllText(file, LowLatencyTimerMs.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            options.Log?.Invoke(
                $"{path}: could not lower the FTDI latency timer from {before} ms to {LowLatencyTimerMs} ms ({file}: {ex.Message}); " +
                $"replies may be held back up to {before} ms. A udev rule sets it at plug-in: " +
                "ACTION==\"add\", SUBSYSTEM==\"usb-serial\", DRIVER==\"ftdi_sio\", ATTR{latency_timer}=\"1\"");
            return before;
        }

        int after = TryReadMilliseconds(file) ?? before.Value;
        options.Log?.Invoke($"{path}: FTDI latency timer set from {before} ms to {after} ms ({file})");
        return after;
    }

    private static int? TryReadMilliseconds(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }
}
