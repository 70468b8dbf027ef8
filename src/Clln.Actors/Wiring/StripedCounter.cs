using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clln.Actors.Wiring;

/// <summary>
/// A statistics counter that many threads add to: one padded slot per processor, summed when read.
/// One shared 64-bit count would be a cache line that every core takes in turn on every message;
/// each slot here lives on a line of its own, so an add stays on its own core's cache.
/// </summary>
/// <remarks>
/// Adds are atomic (a thread may move to another processor between reading its number and adding),
/// but rarely contended. <see cref="Sum"/> is exact once the adders have stopped and their writes
/// are visible, as at a barrier: the coordinator reads the counters only when the network is silent.
/// </remarks>
internal sealed class StripedCounter
{
    private const int Stride = 16; // longs per slot: 128 bytes, two cache lines (the prefetcher fetches pairs)
    private readonly long[] _slots;
    private readonly int _mask;

    public StripedCounter()
    {
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, Environment.ProcessorCount));
        _mask = stripes - 1;
        _slots = new long[(stripes + 1) * Stride]; // one slot of padding before the first
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long n) => Interlocked.Add(ref _slots[((Thread.GetCurrentProcessorId() & _mask) + 1) * Stride], n);

    public long Sum
    {
        get
        {
            long sum = 0;
            for (var s = 1; s <= _mask + 1; s++) sum += Volatile.Read(ref _slots[s * Stride]);
            return sum;
        }
    }
}
