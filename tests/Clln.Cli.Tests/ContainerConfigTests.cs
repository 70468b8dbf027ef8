using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Clln.Cluster;

namespace Clln.Cli.Tests;

/// <summary>
/// cluster-config/container.hocon as the containers use it: the host and the seed from the
/// environment (CLLN_HOST, CLLN_SEED), here two loopback addresses standing for two containers.
/// </summary>
public sealed class ContainerConfigTests
{
    private static string ContainerFile => Path.Combine(AppContext.BaseDirectory, "cluster-config", "container.hocon");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (Process Process, ConcurrentQueue<string> Log) StartNode(string host, string seed, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clln.dll"));
        foreach (var arg in new[] { "node", "--config", ContainerFile, "--port", $"{port}" }) start.ArgumentList.Add(arg);
        start.Environment["CLLN_HOST"] = host;
        start.Environment["CLLN_SEED"] = seed;
        var process = Process.Start(start)!;
        var log = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) log.Enqueue(line);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log);
    }

    private static async Task WaitForLine(ConcurrentQueue<string> log, Process process, string fragment, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!log.Any(l => l.Contains(fragment, StringComparison.Ordinal)))
        {
            if (process.HasExited) Assert.Fail($"the member exited ({process.ExitCode}) before '{fragment}': {string.Join(" | ", log)}");
            if (watch.Elapsed > limit) Assert.Fail($"no '{fragment}' in {limit.TotalSeconds} s: {string.Join(" | ", log)}");
            await Task.Delay(100);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Members_from_container_hocon_announce_the_host_in_CLLN_HOST_and_join_the_seed_in_CLLN_SEED()
    {
        var (seedPort, workerPort) = (FreePort(), FreePort());
        var seed = $"akka.tcp://clln@127.0.0.2:{seedPort}";
        var members = new List<(Process Process, ConcurrentQueue<string> Log)>();
        try
        {
            members.Add(StartNode("127.0.0.2", seed, seedPort));
            members.Add(StartNode("127.0.0.3", seed, workerPort));
            await WaitForLine(members[0].Log, members[0].Process, $"member {seed} started", TimeSpan.FromSeconds(90));
            await WaitForLine(members[1].Log, members[1].Process, $"member akka.tcp://clln@127.0.0.3:{workerPort} started", TimeSpan.FromSeconds(90));
            // Up: the worker reached the seed at its announced address, and the seed the worker at its own.
            await WaitForLine(members[1].Log, members[1].Process, $"member akka.tcp://clln@127.0.0.3:{workerPort} is up in the cluster", TimeSpan.FromSeconds(90));
            foreach (var (_, log) in members) Assert.DoesNotContain(log, l => l.Contains("Stack overflow", StringComparison.Ordinal) || l.Contains("127.0.0.1", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var (process, _) in members)
            {
                try
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // Exited meanwhile, or killed and left to the kernel.
                }
                process.Dispose();
            }
        }
    }

    [Fact]
    public void The_environment_overrides_the_file_only_where_a_variable_is_set()
    {
        var user = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(ContainerFile));
        var unset = MemberConfig.Build(File.ReadAllText(ContainerFile), port: null, seeds: null, roles: null);
        Assert.Equal("127.0.0.1", unset.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(["akka.tcp://clln@127.0.0.1:4053"], unset.GetStringList("akka.cluster.seed-nodes"));

        var set = MemberConfig.FromEnvironment(user, name => name switch
        {
            "CLLN_HOST" => "worker1",
            "CLLN_SEED" => "akka.tcp://clln@seed:4053, akka.tcp://clln@seed2:4053",
            _ => null,
        }).WithFallback(user);
        Assert.Equal("worker1", set.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(["akka.tcp://clln@seed:4053", "akka.tcp://clln@seed2:4053"], set.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("0.0.0.0", set.GetString("akka.remote.dot-netty.tcp.hostname"));

        var empty = MemberConfig.FromEnvironment(user, _ => "").WithFallback(user);
        Assert.Equal("127.0.0.1", empty.GetString("akka.remote.dot-netty.tcp.public-hostname"));
    }
}
