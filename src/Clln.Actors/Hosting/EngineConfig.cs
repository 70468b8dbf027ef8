using System.Text;
using Akka.Configuration;
using Clln.Actors.Serialization;

namespace Clln.Actors.Hosting;

/// <summary>The HOCON an actor system needs to run the engine: the serializer and its bindings, logging, the scheduler.</summary>
public static class EngineConfig
{
    /// <summary>The dispatcher of node, edge and coordinator actors.</summary>
    public const string DispatcherId = "clln-relaxation-dispatcher";

    /// <summary>
    /// The serializer and the engine's dispatcher: what any actor system hosting engine actors
    /// needs (see <see cref="SerializationHocon"/> and <see cref="DispatcherHocon"/>).
    /// </summary>
    public static string Hocon() => SerializationHocon() + DispatcherHocon() + MailboxHocon();

    /// <summary>The mailbox of node and edge actors (see <see cref="CompactMailbox"/>).</summary>
    public const string MailboxId = "clln-compact-mailbox";

    public static string MailboxHocon() =>
        MailboxId + " { mailbox-type = \"" + typeof(CompactMailbox).FullName + ", " + typeof(CompactMailbox).Assembly.GetName().Name + "\" }\n";

    /// <summary>
    /// A dispatcher on dedicated threads, one per core, taking ready actors first-in first-out.
    /// The default executor (the .NET thread pool) runs the most recently woken actor first, so
    /// two neighbours can bat news back and forth until they agree while the rest of the network
    /// waits: relaxation then goes depth-first and takes tens of times more messages.
    /// </summary>
    /// <remarks>
    /// <paramref name="throughput"/>: messages an actor may handle per turn on a thread. The engine's
    /// actors rarely have more than one or two waiting; benchmarks use 1 for a ceiling in the
    /// same regime (see bench/Clln.Bench).
    /// </remarks>
    public static string DispatcherHocon(string id = DispatcherId, int throughput = 30) =>
        id + " {\n" +
        "  type = Dispatcher\n" +
        "  executor = fork-join-executor\n" +
        "  fork-join-executor {\n" +
        $"    parallelism-min = {Environment.ProcessorCount}\n" +
        "    parallelism-factor = 1.0\n" +
        $"    parallelism-max = {Environment.ProcessorCount}\n" +
        "    task-peeking-mode = FIFO\n" +
        "  }\n" +
        $"  throughput = {throughput}\n" +
        "}\n";

    /// <summary>
    /// The project's serializer bound to every protocol type, one binding per type, generated
    /// from <see cref="ProtocolRegistry"/>. Use it in any actor system that hosts engine actors.
    /// </summary>
    public static string SerializationHocon()
    {
        var serializer = typeof(CllnSerializer).AssemblyQualifiedNameShort();
        var hocon = new StringBuilder();
        hocon.AppendLine("akka.actor {");
        hocon.AppendLine($"  serializers {{ clln = \"{serializer}\" }}");
        hocon.AppendLine($"  serialization-identifiers {{ \"{serializer}\" = {CllnSerializer.Id} }}");
        hocon.AppendLine("  serialization-bindings {");
        foreach (var type in ProtocolRegistry.Types)
            hocon.AppendLine($"    \"{type.AssemblyQualifiedNameShort()}\" = clln");
        hocon.AppendLine("  }");
        hocon.AppendLine("}");
        return hocon.ToString();
    }

    /// <summary>
    /// Everything for a system of the engine's own: Serilog behind Akka's logging (warnings only
    /// unless verbose, when phase and convergence events appear at Information), the serializer,
    /// and dead letters silenced unless verbose. Akka's start-up logger writes to standard output,
    /// where results go, so it stays at warnings.
    /// </summary>
    public static Config For(ActorEngineOptions options)
    {
        // Not DEBUG: Akka then writes its own shutdown notices to standard output, where results go.
        var level = options.Verbose ? "INFO" : "WARNING";
        var hocon = new StringBuilder();
        hocon.AppendLine($$"""
            akka {
              loglevel = {{level}}
              stdout-loglevel = WARNING
              loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
              logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
              log-dead-letters = {{(options.Verbose ? "10" : "off")}}
              log-dead-letters-during-shutdown = off
              log-config-on-start = off
            }
            """);
        hocon.AppendLine(Hocon());
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    private static string AssemblyQualifiedNameShort(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
