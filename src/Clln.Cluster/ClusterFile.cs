using Akka.Actor;
using Akka.Configuration;
using Clln.Core.Model;

namespace Clln.Cluster;

/// <summary>
/// A cluster-config HOCON file (cluster-config/): Akka's own settings (remoting host, seed
/// nodes, roles, split-brain resolver) plus the run's under <c>clln.cluster</c>: how many
/// partition members a training waits for and how long, and the members' TLS credential
/// (<see cref="MemberTls"/>) when the file names one. Parse errors name the file.
/// </summary>
public sealed record ClusterFile(string Path, string Hocon, int Members, TimeSpan WaitForMembers, int CoordinatorPort, MemberTls? Tls)
{
    public static ClusterFile Load(string path)
    {
        var text = Clln.Core.Formats.InputFile.ReadAllText(path);
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(text);
        }
        catch (Exception e)
        {
            throw new BadInputException($"{path}: not valid HOCON: {e.Message.Split('\n')[0]}");
        }
        var members = config.GetInt("clln.cluster.members", 1);
        if (members < 1) throw new BadInputException($"{path}: clln.cluster.members must be at least 1, not {members}");
        var wait = config.GetTimeSpan("clln.cluster.wait-for-members", TimeSpan.FromSeconds(60));
        var port = config.GetInt("clln.cluster.coordinator-port", 0);
        return new ClusterFile(path, text, members, wait, port, MemberTls.Load(config, path));
    }

    /// <summary>
    /// A member of this file's cluster with <paramref name="config"/> (from <see cref="MemberConfig.Build"/>):
    /// over TLS when the file names a certificate, so that only holders of it can join.
    /// </summary>
    public ActorSystem CreateMember(Config config)
    {
        if (Tls is null) return ActorSystem.Create(MemberConfig.SystemName, config);
        var bootstrap = BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(MemberTls.Hocon).WithFallback(config));
        return ActorSystem.Create(MemberConfig.SystemName, bootstrap.And(Tls.Setup()));
    }

    /// <summary>
    /// Starts this process's member for a training run: the coordinator role (and whatever roles
    /// the file gives, so a single-process file can host the partitions here too), joined to the
    /// file's seed nodes, or to itself when there are none.
    /// </summary>
    public async Task<ActorSystem> JoinAsCoordinatorAsync(bool verbose, CancellationToken cancellation)
    {
        var fileRoles = ConfigurationFactory.ParseString(Hocon).GetStringList("akka.cluster.roles", []);
        var roles = fileRoles.Append(MemberConfig.CoordinatorRole).Distinct().ToArray();
        var system = CreateMember(MemberConfig.Build(Hocon, CoordinatorPort, seeds: null, roles, verbose));
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (system.Settings.Config.GetStringList("akka.cluster.seed-nodes", []).Count == 0) cluster.Join(cluster.SelfAddress);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(WaitForMembers, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await system.Terminate().ConfigureAwait(false);
            throw new BadInputException($"{Path}: could not join the cluster within {WaitForMembers.TotalSeconds:F0} s (are the seed nodes running?)");
        }
        if (roles.Contains(MemberConfig.PartitionRole)) ClusterRun.Region(system);
        return system;
    }
}
