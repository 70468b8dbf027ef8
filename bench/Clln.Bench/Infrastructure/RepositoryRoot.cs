namespace Clln.Bench.Infrastructure;

/// <summary>The repository's root: the nearest directory above the working one that holds Clln.Actors.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Clln.Actors.sln"))) return dir.FullName;
        throw new BenchmarkException("cannot find the repository root (no Clln.Actors.sln above the working directory); run from inside the repository");
    }
}
