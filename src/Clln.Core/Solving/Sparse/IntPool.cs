using System.Buffers;

namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Recycled integer arrays for the ordering's short-lived working storage. Memory touched for the
/// first time is costly (a page fault per 4 KiB, badly so on virtual machines); a dissection
/// needs many arrays of the graph's size, level after level, so it borrows them instead.
/// Rented arrays may be longer than asked and hold old contents: callers initialise what they read.
/// </summary>
internal static class IntPool
{
    public static int[] Rent(int length) => ArrayPool<int>.Shared.Rent(Math.Max(length, 1));

    public static void Return(int[] array) => ArrayPool<int>.Shared.Return(array);
}
