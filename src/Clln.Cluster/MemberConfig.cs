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

    /// <summary>The setting naming the environment variable that holds the name other members reach this one by.</summary>
    public const string HostVariableSetting = "clln.cluster.host-variable";

    /// <summary>The setting naming the environment variable that holds the seed node's address (one, or several separated by commas).</summary>
    public const string SeedVariableSetting = "clln.cluster.seed-variable";

    /// <summary>
    /// What the environment says, for a file that names variables (container.hocon): the host in
    /// <see cref="HostVariableSetting"/>'s variable becomes akka.remote.dot-netty.tcp.public-hostname,
    /// the seeds in <see cref="SeedVariableSetting"/>'s become akka.cluster.seed-nodes. An unset or
    /// empty variable leaves the file's own value. Read here rather than with HOCON's <c>${?VAR}</c>:
    /// Akka's HOCON parser overflows its stack merging a key that one of those substitutions overrides.
    /// </summary>
    public static Config FromEnvironment(Config user, Func<string, string?> environment)
    {
        var lines = new List<string>();
        string? Variable(string setting) =>
            user.HasPath(setting) && user.GetString(setting, "") is { Length: > 0 } name && environment(name) is { } value && value.Trim().Length > 0 ? value.Trim() : null;
        if (Variable(HostVariableSetting) is { } host) lines.Add($"akka.remote.dot-netty.tcp.public-hostname = \"{host}\"");
        if (Variable(SeedVariableSetting) is { } seeds)
            lines.Add($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => $"\"{s}\""))}]");
        return ConfigurationFactory.ParseString(string.Join("\n", lines));
    }

    /// <summary>
    /// A member's whole configuration: command-line overrides, then the environment variables the
    /// file names (<see cref="FromEnvironment"/>), then <paramref name="userHocon"/> (a cluster-config
    /// file), then the defaults, then the engine's own.
    /// </summary>
    public static Config Build(string? userHocon, int? port, IReadOnlyList<string>? seeds, IReadOnlyList<string>? roles, bool verbose = false, TimeSpan? downAfter = null)
    {
        var overrides = new List<string>();
        if (port is { } p) overrides.Add($"akka.remote.dot-netty.tcp.port = {p.ToString(CultureInfo.InvariantCulture)}");
        if (seeds is { Count: > 0 }) overrides.Add($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]");
        if (roles is { Count: > 0 }) overrides.Add($"akka.cluster.roles = [{string.Join(", ", roles.Select(r => $"\"{r}\""))}]");
        var config = ConfigurationFactory.ParseString(string.Join("\n", overrides));
        if (!string.IsNullOrWhiteSpace(userHocon))
        {
            var user = ConfigurationFactory.ParseString(userHocon);
            config = config.WithFallback(FromEnvironment(user, Environment.GetEnvironmentVariable)).WithFallback(user);
        }
        return config
            .WithFallback(ConfigurationFactory.ParseString(Defaults(downAfter ?? TimeSpan.FromSeconds(20))))
            .WithFallback(EngineConfig.For(new ActorEngineOptions { Verbose = verbose }));
    }
}
