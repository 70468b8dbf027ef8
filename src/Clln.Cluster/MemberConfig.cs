using System.Globalization;
using Akka.Configuration;
using Clln.Actors;
using Clln.Actors.Hosting;

namespace Clln.Cluster;

/// <summary>
/// The configuration of one cluster member: what every member needs (cluster provider, remoting
/// on 127.0.0.1 unless told otherwise, the engine's serializer and dispatcher, sharding on the
/// ddata state store with no idle passivation, the split-brain resolver) under a user's HOCON
/// file, under the command line's port, seeds and roles.
/// </summary>
public static class MemberConfig
{
    /// <summary>The role of members that host partitions (`clln node`); the training process has only <see cref="CoordinatorRole"/>.</summary>
    public const string PartitionRole = "partitions";

    public const string CoordinatorRole = "coordinator";

    /// <summary>The actor system's name: members must share it to form a cluster.</summary>
    public const string SystemName = "clln";

    /// <summary>
    /// Defaults every member gets. Sharding: the ddata state store (no persistence plugin),
    /// remember-entities off (the coordinator re-wires a lost partition itself, with its
    /// checkpoint), passivation off (a partition host must live as long as its run).
    /// </summary>
    public static string Defaults(TimeSpan downAfter) => $$"""
        akka {
          actor.provider = cluster
          # A member that leaves is news for the cluster's log, not an error with a stack trace.
          remote.log-remote-lifecycle-events = off
          remote.dot-netty.tcp {
            hostname = "127.0.0.1"
            port = 0
            maximum-frame-size = 128000b
          }
          cluster {
            min-nr-of-members = 1
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-majority
              stable-after = {{(int)downAfter.TotalMilliseconds}}ms
            }
            sharding {
              role = "{{PartitionRole}}"
              state-store-mode = ddata
              remember-entities = off
              passivate-idle-entity-after = off
            }
            log-info = off
          }
        }
        """;

    /// <summary>
    /// A member's whole configuration: command-line overrides, then <paramref name="userHocon"/>
    /// (a cluster-config file), then the defaults, then the engine's own.
    /// </summary>
    public static Config Build(string? userHocon, int? port, IReadOnlyList<string>? seeds, IReadOnlyList<string>? roles, bool verbose = false, TimeSpan? downAfter = null)
    {
        var overrides = new List<string>();
        if (port is { } p) overrides.Add($"akka.remote.dot-netty.tcp.port = {p.ToString(CultureInfo.InvariantCulture)}");
        if (seeds is { Count: > 0 }) overrides.Add($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]");
        if (roles is { Count: > 0 }) overrides.Add($"akka.cluster.roles = [{string.Join(", ", roles.Select(r => $"\"{r}\""))}]");
        var config = ConfigurationFactory.ParseString(string.Join("\n", overrides));
        if (!string.IsNullOrWhiteSpace(userHocon)) config = config.WithFallback(ConfigurationFactory.ParseString(userHocon));
        return config
            .WithFallback(ConfigurationFactory.ParseString(Defaults(downAfter ?? TimeSpan.FromSeconds(20))))
            .WithFallback(EngineConfig.For(new ActorEngineOptions { Verbose = verbose }));
    }
}
