using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Clln.Cli.Output;

/// <summary>
/// Writes each log event as one line, "[HH:mm:ss WRN] message": the message up to its first line
/// break, and an exception by its type and first line only. The full text, stack traces included,
/// is for --verbose.
/// </summary>
public sealed class OneLineLogSink(TextWriter writer) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var message = FirstLine(logEvent.RenderMessage(CultureInfo.InvariantCulture));
        if (logEvent.Exception is { } e && !message.Contains(e.GetType().Name, StringComparison.Ordinal))
            message += $" ({e.GetType().Name}: {FirstLine(e.Message)})";
        var level = logEvent.Level switch
        {
            LogEventLevel.Fatal => "FTL",
            LogEventLevel.Error => "ERR",
            LogEventLevel.Warning => "WRN",
            LogEventLevel.Information => "INF",
            LogEventLevel.Debug => "DBG",
            _ => "VRB",
        };
        lock (writer) writer.WriteLine($"[{logEvent.Timestamp:HH:mm:ss} {level}] {message}");
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end].TrimEnd() + " (...)";
    }
}
