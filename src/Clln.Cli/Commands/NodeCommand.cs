using Akka.Actor;
using Clln.Cli.CommandLine;
using Clln.Cluster;
using Clln.Core.Model;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln node --config FILE [--port P] [--seed-nodes A,B] [--roles R,S]`: one Akka.Cluster
/// member that hosts partitions of training runs (node and edge actors) until interrupted or
/// removed from the cluster. The flags override the file's port, seed nodes and roles.
/// </summary>
public sealed class NodeCommand : ICommand
{
    public string Name => "node";

    public string Summary => "run a cluster member that hosts node and edge actors of training runs";

    public string Usage => string.Join("\n",
        [
            "clln node --config FILE [--port P] [--seed-nodes ADDRESS,...] [--roles ROLE,...] [--verbose]",
            "",
            "  --config FILE        a cluster-config HOCON file (see cluster-config/)",
            "  --port P             the port to listen on (127.0.0.1 unless the file sets another host)",
            "  --seed-nodes LIST    seed node addresses, e.g. akka.tcp://clln@127.0.0.1:4053 (overrides the file)",
            $"  --roles LIST         member roles (default: {MemberConfig.PartitionRole})",
            "",
            "Runs until interrupted (Ctrl-C or SIGTERM: the member leaves the cluster) or removed from the cluster.",
        ]);

    public async Task<int> RunAsync(string[] args, CliContext context)
    {
        var parsed = ParsedArguments.Parse(Name, args, options: ["config", "port", "seed-nodes", "roles"], switches: ["verbose"]);
        parsed.ExpectPositionals();
        var path = parsed.Value("config") ?? throw new UsageException("node: --config FILE is required (see cluster-config/)");
        var file = ClusterFile.Load(path);
        var port = parsed.Int("port");
        if (port is < 0 or > 65535) throw new UsageException($"node: --port must be a port number, not {port}");
        string[]? List(string name) => parsed.Value(name)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var roles = List("roles") ?? [MemberConfig.PartitionRole];

        ActorSystem system;
        try
        {
            system = file.CreateMember(MemberConfig.Build(file.Hocon, port, List("seed-nodes"), roles, parsed.Switch("verbose")));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new BadInputException($"{path}: cannot start the member: {e.GetBaseException().Message}");
        }
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (system.Settings.Config.GetStringList("akka.cluster.seed-nodes", []).Count == 0) cluster.Join(cluster.SelfAddress);
        if (roles.Contains(MemberConfig.PartitionRole)) ClusterRun.Region(system);
        context.Error.WriteLine($"clln: member {cluster.SelfAddress} started (roles {string.Join(", ", roles)}); Ctrl-C to leave");
        cluster.RegisterOnMemberUp(() => context.Error.WriteLine($"clln: member {cluster.SelfAddress} is up in the cluster"));

        var interrupted = new TaskCompletionSource();
        await using (context.Cancellation.Register(() => interrupted.TrySetResult()))
        {
            if (await Task.WhenAny(system.WhenTerminated, interrupted.Task) == system.WhenTerminated)
            {
                context.Error.WriteLine("clln: this member was removed from the cluster");
                return ExitCodes.Failure;
            }
        }
        await Task.WhenAny(system.Terminate(), Task.Delay(TimeSpan.FromSeconds(15)));
        context.Error.WriteLine("clln: member left the cluster");
        return ExitCodes.Success;
    }
}
