using System.Runtime.InteropServices;

namespace Clln.Bench.Infrastructure;

/// <summary>What the numbers were measured on, for the report.</summary>
public static class MachineInfo
{
    public static string CpuModel => FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static int Cores => Environment.ProcessorCount;

    /// <summary>Installed memory from /proc/meminfo, e.g. "23.5 GiB".</summary>
    public static string Memory
    {
        get
        {
            var total = FirstValue("/proc/meminfo", "MemTotal"); // "24641234 kB"
            if (total is null || !long.TryParse(total.Split(' ')[0], out var kb)) return "unknown";
            return $"{kb / 1024.0 / 1024.0:0.0} GiB";
        }
    }

    public static string Dotnet => RuntimeInformation.FrameworkDescription;

    /// <summary>The 1-minute load average (/proc/loadavg): how busy the machine was, i.e. how noisy the timings are.</summary>
    public static string LoadAverage
    {
        get
        {
            const string file = "/proc/loadavg";
            return File.Exists(file) ? File.ReadAllText(file).Split(' ')[0] : "unknown";
        }
    }

    public static string OperatingSystem => RuntimeInformation.OSDescription;

    private static string? FirstValue(string file, string key)
    {
        if (!File.Exists(file)) return null;
        foreach (var line in File.ReadLines(file))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == key) return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
