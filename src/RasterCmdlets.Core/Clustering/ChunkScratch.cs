namespace RasterCmdlets.Core.Clustering;

/// <summary>Per-thread chunk buffers of the kernel: a few kilobytes, reused.</summary>
internal sealed class ChunkScratch
{
    private float[][] _planes = [];

    [ThreadStatic] private static ChunkScratch? _current;
    public static ChunkScratch ForThisThread => _current ??= new ChunkScratch();

    public float[] Validity { get; } = new float[LloydKernel.Chunk];

    public float[][] Planes(int bands)
    {
        if (_planes.Length != bands) _planes = Enumerable.Range(0, bands).Select(_ => new float[LloydKernel.Chunk]).ToArray();
        return _planes;
    }
}
