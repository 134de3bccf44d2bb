using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace RobotEdge.Host.Hosting;

/// <summary>
/// The Generic Host the long-running commands (<c>run</c>, <c>edge</c>) run in: configuration
/// (appsettings.json, <c>DOTNET_</c> environment variables) and logging through the host,
/// single-line console logs (journald's format under systemd), the systemd lifetime
/// (<c>READY=1</c> once every hosted service has started, <c>STOPPING=1</c>, SIGTERM → stop), and
/// the console lifetime otherwise (Ctrl+C, SIGTERM → stop). Command-line options stay with
/// System.CommandLine; robot.json and site files are parsed by their own loaders.
/// </summary>
public static class ServiceHost
{
    /// <summary>
    /// How long the host waits for its services to stop (the robot's controlled stop takes up to
    /// 3 s to reach a hold, then the threads join and the buses close). Unit files give systemd's
    /// <c>TimeoutStopSec</c> more than this.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The environment variable naming systemd's notification socket.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>Builds the host with the services <paramref name="configure"/> adds; the caller runs and disposes it.</summary>
    public static IHost Build(Action<IServiceCollection> configure)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // A service that fails to start is reported by the command in one line; the host's own
        // report of it would repeat it with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // After the console logger: under systemd its journald formatter replaces the simple one.
        builder.Services.AddSystemd();
        AddNotifyWithoutSystemdParent(builder.Services);
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// AddSystemd registers the systemd lifetime only when systemd started this process (checked
    /// through the parent process or <c>SYSTEMD_EXEC_PID</c>). A process whose supervisor sets
    /// <c>NOTIFY_SOCKET</c> without being its parent (systemd-run --scope, a container runtime, the
    /// tests) expects the same notifications: register the lifetime and notifier for it too.
    /// </summary>
    private static void AddNotifyWithoutSystemdParent(IServiceCollection services)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable))
            || services.Any(d => d.ServiceType == typeof(ISystemdNotifier)))
        {
            return;
        }

        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
    }
}
