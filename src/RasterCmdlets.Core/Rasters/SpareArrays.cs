using System.Collections.Concurrent;

namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Arrays of one length lent to the windows of a pass and given back for the next: as many exist
/// as windows are in flight at once, and they go with the pass. The shared ArrayPool would keep
/// arrays of megabytes for the life of the process, per thread and per core.
/// </summary>
internal sealed class SpareArrays<T>(int length)
{
    private readonly ConcurrentBag<T[]> _spare = new();

    public int Length { get; } = length;

    public T[] Take() => _spare.TryTake(out var array) ? array : GC.AllocateUninitializedArray<T>(Length);

    public void Give(T[] array)
    {
        if (array.Length == Length) _spare.Add(array);
    }

    /// <summary>For the windows of <paramref name="source"/>: as long as its largest window.</summary>
    public static SpareArrays<T> ForWindowsOf(IRasterSource source) =>
        new(checked((int)WindowRunner.WindowsOf(source).Max(w => w.PixelCount)));
}
