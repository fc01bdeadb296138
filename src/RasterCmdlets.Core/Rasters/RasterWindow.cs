namespace RasterCmdlets.Core.Rasters;

/// <summary>A rectangle of pixels: the unit in which pixels are read, computed and written.</summary>
public readonly record struct RasterWindow(int X, int Y, int Width, int Height)
{
    public long PixelCount => (long)Width * Height;

    public override string ToString() => $"window {Width}x{Height} at ({X},{Y})";

    /// <summary>
    /// Full-width strips whose height is a multiple of the block height, so that every block is
    /// decoded once, and tall enough that per-strip overhead stays small. The layout depends on
    /// the raster alone, never on the thread count, so per-strip partial results combine the same way.
    /// </summary>
    public static IReadOnlyList<RasterWindow> Strips(int width, int height, int blockHeight, long targetPixels = 1 << 20)
    {
        blockHeight = Math.Max(1, Math.Min(blockHeight, height));
        var blocksPerStrip = Math.Max(1, (int)Math.Min(int.MaxValue, targetPixels / Math.Max(1L, (long)width * blockHeight)));
        var rows = (int)Math.Min(height, (long)blocksPerStrip * blockHeight);
        var strips = new List<RasterWindow>((height + rows - 1) / rows);
        for (var y = 0; y < height; y += rows) strips.Add(new RasterWindow(0, y, width, Math.Min(rows, height - y)));
        return strips;
    }
}
