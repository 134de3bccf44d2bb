using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RobotEdge.Edge.Registry;
using RobotEdge.Host.Hosting;

namespace RobotEdge.Host.Commands;

/// <summary><c>robotedge edge</c>: runs the site edge server as a hosted service (<see cref="EdgeService"/>) until Ctrl+C or SIGTERM.</summary>
public static class EdgeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "where to listen (loopback by default; 0.0.0.0 for the site network)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var robots = new Option<string?>("--robots") { Description = "site file: robots with their tokens, and tasks (without it a site of 3 robots with fresh tokens is written to artifacts/edge-site.json)" };
        var robot = new Option<string>("--robot") { Description = "robot folder whose model card the server serves", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var policy = new Option<string>("--policy") { Description = "deadline (the scheduler) or fcfs (first come first served, batch of one)", DefaultValueFactory = _ => "deadline" };
        var maxBatch = new Option<int>("--max-batch") { Description = "largest batch", DefaultValueFactory = _ => 8 };
        var providers = new Option<string>("--providers") { Description = "execution providers in order of preference, e.g. cuda,cpu", DefaultValueFactory = _ => "cpu" };
        var intraOpThreads = new Option<int>("--intra-op-threads") { Description = "threads ONNX Runtime may use for one run (1: the executor's own thread; more only where cores are free)", DefaultValueFactory = _ => 1 };
        var operators = new Option<string?>("--operators") { Description = "operators file (as for the console): serves the site view at / and requires an operator's name:token (HTTP Basic) for /status" };
        var command = new Command("edge", "Run the site edge server: offloaded inference for many robots, deadline-aware batching") { urls, robots, robot, policy, maxBatch, providers, intraOpThreads, operators, EdgeFuzzCommand.Create() };
        command.SetAction(parse => Run(new EdgeRunOptions
        {
            Urls = parse.GetValue(urls)!,
            SitePath = parse.GetValue(robots),
            RobotPath = parse.GetValue(robot)!,
            Policy = parse.GetValue(policy)!,
            MaxBatch = parse.GetValue(maxBatch),
            Providers = parse.GetValue(providers)!,
            IntraOpThreads = parse.GetValue(intraOpThreads),
            OperatorsPath = parse.GetValue(operators),
        }));
        return command;
    }

    /// <summary>Runs the edge server in the service host until Ctrl+C or SIGTERM; returns the exit code.</summary>
    private static int Run(EdgeRunOptions options)
    {
        if (options.IntraOpThreads < 1)
        {
            throw new ArgumentException("--intra-op-threads must be at least 1");
        }

        using IHost host = ServiceHost.Build(services =>
        {
            services.AddSingleton(options);
            services.AddHostedService<EdgeService>();
        });
        host.Run();
        return 0;
    }

    /// <summary>Writes a site of three robots with fresh random tokens and prints how to join them.</summary>
    internal static SiteFile NewSite(string path, string urls)
    {
        var site = new SiteFile();
        for (int i = 1; i <= 3; i++)
        {
            site.Robots.Add(new RobotEntryConfig { Id = $"robot-{i}", Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), XM = 2 * i, YM = 0 });
        }

        site.Tasks.Add(new SiteTaskConfig { Id = "inspect-shelf-1", XM = 1, YM = 3, Description = "inspect shelf 1" });
        site.Tasks.Add(new SiteTaskConfig { Id = "inspect-shelf-2", XM = 6, YM = 3, Description = "inspect shelf 2" });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        site.Save(path);
        Console.WriteLine($"no --robots given: wrote a site of {site.Robots.Count} robots with fresh tokens to {path}");
        foreach (RobotEntryConfig r in site.Robots)
        {
            Console.WriteLine($"  {r.Id}: robotedge sim --realtime --edge {urls.Split(';')[0]} --robot-token {r.Token}");
        }

        return site;
    }
}
