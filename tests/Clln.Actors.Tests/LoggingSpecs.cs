using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Clln.Actors.Tests;

/// <summary>Structured events reach Serilog through Akka's logging: quiet by default, phase events when verbose.</summary>
public sealed class LoggingSpecs : IDisposable
{
    private readonly Collector _events = new();
    private readonly ILogger _previous = Log.Logger;

    public LoggingSpecs() =>
        Log.Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_events).CreateLogger();

    public void Dispose() => Log.Logger = _previous;

    [Fact]
    public async Task Verbose_runs_log_phase_events_with_properties()
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 61);
        await ActorRelaxation.SolveAsync(network, new ActorEngineOptions { Verbose = true });
        var settled = await Eventually(() => _events.Find("settled"));
        Assert.Equal(LogEventLevel.Information, settled.Level);
        Assert.Equal("1", settled.Properties["Phase"].ToString());
        Assert.True(settled.Properties.ContainsKey("Messages"));
        Assert.NotNull(_events.Find("started"));
    }

    [Fact]
    public async Task Quiet_runs_log_nothing_below_warnings()
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 62);
        await ActorRelaxation.SolveAsync(network, new ActorEngineOptions());
        await Task.Delay(200);
        Assert.DoesNotContain(_events.All, e => e.Level < LogEventLevel.Warning);
    }

    private static async Task<LogEvent> Eventually(Func<LogEvent?> find)
    {
        for (var i = 0; i < 50; i++)
        {
            if (find() is { } found) return found;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("the event never arrived");
    }

    private sealed class Collector : ILogEventSink
    {
        private readonly List<LogEvent> _events = [];

        public IReadOnlyList<LogEvent> All
        {
            get { lock (_events) return _events.ToArray(); }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events) _events.Add(logEvent);
        }

        public LogEvent? Find(string word) => All.FirstOrDefault(e => e.MessageTemplate.Text.Contains(word));
    }
}
