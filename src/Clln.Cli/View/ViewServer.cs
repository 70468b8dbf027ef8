using System.Net;
using Clln.Core.Model;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clln.Cli.View;

/// <summary>
/// The live view of one run folder, served on a local port: the page (from the binary), the run's
/// state as JSON (<see cref="RunSnapshot"/>), and a stream of server-sent events that says when
/// the run wrote an epoch, at most <see cref="UpdatesPerSecond"/> a second whatever the run's
/// speed. It reads the run's files only, on its own threads: it never touches the engine, so a
/// slow or absent browser cannot slow training; a slow browser simply sees fewer updates.
/// </summary>
internal sealed class ViewServer : IAsyncDisposable
{
    /// <summary>How often the run's files are looked at, and so the most updates a browser gets a second.</summary>
    public const int UpdatesPerSecond = 4;

    private readonly WebApplication _app;

    private ViewServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the page is, e.g. http://127.0.0.1:40123/.</summary>
    public string Url { get; }

    /// <summary>
    /// Serves <paramref name="folder"/> on <paramref name="address"/>:<paramref name="port"/> (0: a free port).
    /// A port in use, or an address this machine does not have, is one line (<see cref="BadInputException"/>).
    /// </summary>
    public static async Task<ViewServer> StartAsync(string folder, IPAddress address, int port, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ViewServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        var app = builder.Build();
        var page = Page();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/run", () => File.Exists(Path.Combine(folder, Training.RunFolder.Config))
            ? Results.Content(RunSnapshot.ToJson(RunSnapshot.Read(folder)), "application/json")
            : Results.NotFound("the run has written nothing yet"));
        app.MapGet("/events", (HttpContext http) => StreamAsync(http, folder));
        try
        {
            await app.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new BadInputException($"port {port} on {address} is in use: choose another (or 0 for a free one)");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new BadInputException($"cannot listen on {address}:{port}: {e.Message.Split('\n')[0]}");
        }
        var bound = app.Urls.FirstOrDefault() ?? $"http://{address}:{port}";
        return new ViewServer(app, bound.TrimEnd('/') + "/");
    }

    /// <summary>Server-sent events: "epoch" whenever the run's files change (looked at a few times a second), until the browser goes.</summary>
    private static async Task StreamAsync(HttpContext http, string folder)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var cancellation = http.RequestAborted;
        string? last = null;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var version = RunSnapshot.Version(folder);
                if (version != last)
                {
                    last = version;
                    await http.Response.WriteAsync($"event: update\ndata: {version}\n\n", cancellation).ConfigureAwait(false);
                    await http.Response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                }
                await Task.Delay(1000 / UpdatesPerSecond, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the browser went away
        }
    }

    private static string Page()
    {
        using var stream = typeof(ViewServer).Assembly.GetManifestResourceStream("Clln.Cli.View.index.html")
            ?? throw new InvalidOperationException("the view's page is missing from the binary");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The address to listen on: loopback unless asked; anything else with a warning, since the page has no authentication.</summary>
    public static IPAddress Bind(string? address, Action<string> warn)
    {
        if (address is null) return IPAddress.Loopback;
        if (!IPAddress.TryParse(address, out var ip)) throw new BadInputException($"option --bind expects an IP address (127.0.0.1, 0.0.0.0, ...), not '{address}'");
        if (!IPAddress.IsLoopback(ip)) warn($"the view listens on {ip}: anyone who can reach this machine there can see the run (the page has no authentication)");
        return ip;
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
