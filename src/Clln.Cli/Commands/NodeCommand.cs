using System.CommandLine;
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
    private readonly Option<string?> _config = Options.Text("--config", "FILE", "a cluster-config HOCON file (see cluster-config/); required");
    private readonly Option<int?> _port = Options.Integer("--port", "P", "the port to listen on (127.0.0.1 unless the file sets another host)", p => p is >= 0 and <= 65535, "a port number, 0 to 65535");
    private readonly Option<string?> _seedNodes = Options.Text("--seed-nodes", "ADDRESS,...", "seed node addresses, e.g. akka.tcp://clln@127.0.0.1:4053 (overrides the file)");
    private readonly Option<string?> _roles = Options.Text("--roles", "ROLE,...", $"member roles (default: {MemberConfig.PartitionRole})");
    private readonly Option<bool> _verbose = Options.Verbose();

    public NodeCommand() => Definition = new Command("node",
        "run a cluster member that hosts node and edge actors of training runs, until interrupted (Ctrl-C or SIGTERM: it leaves the cluster) or removed")
    {
        _config, _port, _seedNodes, _roles, _verbose,
    };

    public Command Definition { get; }

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        var path = parsed.GetValue(_config) ?? throw new UsageException("node: --config FILE is required (see cluster-config/)");
        var file = ClusterFile.Load(path);
        var port = parsed.GetValue(_port);
        string[]? List(Option<string?> option) => parsed.GetValue(option)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var roles = List(_roles) ?? [MemberConfig.PartitionRole];

        ActorSystem system;
        try
        {
            system = file.CreateMember(MemberConfig.Build(file.Hocon, port, List(_seedNodes), roles, parsed.GetValue(_verbose)));
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
