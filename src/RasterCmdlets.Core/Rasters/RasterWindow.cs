namespace RasterCmdlets.Core.Rasters;

/// <summary>A rectangle of pixels: the unit in which pixels are read, computed and written.</summary>
public readonly record struct RasterWindow(int X, int Y, int Width, int Height)
{
    public long PixelCount => (long)Width * Height;

    public override string ToString() => $"window {Width}x{Height} at ({X},{Y})";

    /// <summary>About how many pixels a window holds: a few megabytes per band, whatever the raster's size.</summary>
    public const long TargetPixels = 1 << 21;

    /// <summary>
    /// The windows in which a raster is processed: block-aligned, so that every block is decoded
    /// once, and of about <paramref name="targetPixels"/> pixels, so that memory depends on neither
    /// the raster's width nor its height. A block larger than that (a single compressed strip) is
    /// cut into runs of rows, taken one block after another, so that the block decoded for the first
    /// of them serves the rest. The layout depends on the raster alone, never on the thread count,
    /// so per-window results combine the same way every time.
    /// </summary>
    public static IReadOnlyList<RasterWindow> Tiling(int width, int height, int blockWidth, int blockHeight, long targetPixels = TargetPixels)
    {
        blockWidth = Math.Clamp(blockWidth, 1, width);
        blockHeight = Math.Clamp(blockHeight, 1, height);
        var windows = new List<RasterWindow>();
        if ((long)blockWidth * blockHeight > targetPixels)
        {
            var runRows = (int)Math.Clamp(targetPixels / blockWidth, 1, blockHeight);
            for (var by = 0; by < height; by += blockHeight)
                for (var bx = 0; bx < width; bx += blockWidth)
                {
                    var blockEnd = Math.Min(by + blockHeight, height);
                    for (var y = by; y < blockEnd; y += runRows)
                        windows.Add(new RasterWindow(bx, y, Math.Min(blockWidth, width - bx), Math.Min(runRows, blockEnd - y)));
                }
            return windows;
        }
        // Whole rows of blocks while they fit the target; otherwise whole blocks across.
        var rows = blockHeight * (int)Math.Clamp(targetPixels / ((long)width * blockHeight), 1, Math.Max(1, height / blockHeight));
        var columns = (long)width * rows <= targetPixels ? width
            : blockWidth * (int)Math.Clamp(targetPixels / ((long)blockWidth * rows), 1, Math.Max(1, width / blockWidth));
        for (var y = 0; y < height; y += rows)
            for (var x = 0; x < width; x += columns)
                windows.Add(new RasterWindow(x, y, Math.Min(columns, width - x), Math.Min(rows, height - y)));
        return windows;
    }
}
