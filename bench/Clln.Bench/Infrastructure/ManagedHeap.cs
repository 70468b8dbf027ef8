namespace Clln.Bench.Infrastructure;

/// <summary>Managed-heap readings for the memory columns of the benchmarks.</summary>
public static class ManagedHeap
{
    /// <summary>The heap after full collections and a pause for finalizers: what is really held.</summary>
    public static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Thread.Sleep(200);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The heap's peak while something runs, sampled on a timer every 50 ms from its start to <see cref="Stop"/>.</summary>
    public sealed class Peak
    {
        private readonly Timer _timer;
        private long _peak;

        public Peak()
        {
            _peak = GC.GetTotalMemory(false);
            _timer = new Timer(_ => Sample(), null, 0, 50);
        }

        public long Bytes => Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(false));

        private void Sample()
        {
            var now = GC.GetTotalMemory(false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public void Stop() => _timer.Dispose();
    }
}
