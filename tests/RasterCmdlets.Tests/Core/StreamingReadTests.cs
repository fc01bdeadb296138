using System.Runtime.InteropServices;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// The window reader opens uncompressed GeoTIFFs for direct reads (GTIFF_DIRECT_IO), bypassing
/// GDAL's block cache: its pixels must be those of an ordinary read, for every layout.
/// </summary>
public class StreamingReadTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData(0, "PIXEL")]   // strips, bands interleaved by pixel
    [InlineData(0, "BAND")]    // strips, one plane per band
    [InlineData(128, "PIXEL")] // tiles
    [InlineData(128, "BAND")]
    public void WindowsReadAsAnOrdinaryReadDoes(int blockSize, string interleave)
    {
        const int width = 700, height = 500;
        var path = _scratch.File($"layout-{blockSize}-{interleave}.tif");
        var random = new Random(blockSize + interleave.Length);
        var bands = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, width * height).Select(_ => (double)random.Next(65536)).ToArray()).ToArray();
        TestRasters.Write(path, width, height, RasterDataType.UInt16, bands, blockSize: blockSize, options: [$"INTERLEAVE={interleave}"]);

        var expected = Enumerable.Range(1, 3).Select(b => TestRasters.ReadBand(path, b).Values).ToArray();
        var opened = RasterBand.Open(path);
        using var reader = new PixelReader(opened);
        var pixels = reader.NewWindowBuffers();
        try
        {
            foreach (var window in RasterWindow.Tiling(width, height, opened[0].BlockWidth, opened[0].BlockHeight, targetPixels: 40_000))
            {
                reader.Read(window, pixels);
                for (var b = 0; b < 3; b++)
                {
                    var read = MemoryMarshal.Cast<byte, ushort>(pixels.RawBand(b));
                    for (var row = 0; row < window.Height; row++)
                        for (var column = 0; column < window.Width; column++)
                            Assert.Equal(expected[b][(window.Y + row) * width + window.X + column], read[row * window.Width + column]);
                }
            }
        }
        finally
        {
            pixels.Release();
        }
    }

    [Fact]
    public void TheDirectReadOptionDoesNotOutliveTheOpen()
    {
        using (GdalDataset.OpenForStreaming(Paths.Sample)) { }
        Assert.Equal(0, GdalNative.CPLGetConfigOption("GTIFF_DIRECT_IO", 0));
    }
}
