using System.Runtime.InteropServices;
using RasterCmdlets.Core.Indices;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Gdal;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// The module reads its index bands source by source (<see cref="DerivedBandReader"/>) instead of
/// through GDAL's VRT: every window must hold, bit for bit, what GDAL's VRT gives for it, NaN where
/// GDAL gives NaN. The files are written by GDAL's Python, with NoData pixels in both bands, a
/// coarser second band (resampled by the VRT) and a mask raster at the coarse resolution.
/// </summary>
public class DerivedBandReaderTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData(RasterResampling.Bilinear, 64)]
    [InlineData(RasterResampling.Cubic, 48)]
    [InlineData(RasterResampling.Nearest, 128)]
    public void WindowsHoldWhatGdalsVrtGives(RasterResampling resampling, int blockSize)
    {
        const int width = 300, height = 220;
        var random = new Random(blockSize);
        double[] Values(int n, int zeroEvery) => Enumerable.Range(0, n).Select(i => i % zeroEvery == 0 ? 0.0 : random.Next(1, 10000)).ToArray();
        var fine = TestRasters.Write(_scratch.File($"fine-{blockSize}.tif"), width, height, RasterDataType.UInt16,
            [Values(width * height, 97)], blockSize: blockSize);
        var coarseTransform = TestRasters.NorthUp with { PixelWidth = 20, PixelHeight = -20 };
        var coarse = TestRasters.Write(_scratch.File($"coarse-{blockSize}.tif"), width / 2, height / 2, RasterDataType.UInt16,
            [Values(width * height / 4, 41)], transform: coarseTransform, blockSize: blockSize);
        var mask = TestRasters.Write(_scratch.File($"mask-{blockSize}.tif"), width / 2, height / 2, RasterDataType.Byte,
            [Enumerable.Range(0, width * height / 4).Select(i => (double)(i % 13)).ToArray()], transform: coarseTransform);

        var green = RasterBand.Open(fine)[0].WithNoDataValue(0).WithScaleOffset(1e-4, -0.1);
        var swir = RasterBand.Open(coarse)[0].WithNoDataValue(0).WithScaleOffset(1e-4, -0.1);
        swir = swir.WithMask(RasterMaskSource.For(swir, mask, 1, [3, 8, 9]));
        var index = SpectralIndex.Compute(IndexFormula.Parse("(g - s) / (g + s)", ["g", "s"]), [green, swir], resampling, "test");
        Assert.NotNull(DerivedBandReader.For(index.Path));

        var expected = new float[width * height];
        using (var vrt = GdalDataset.Open(index.Path))
            vrt.GetBand(1).Read(0, 0, width, height, expected.AsSpan(), GdalDataType.Float32);
        Assert.Contains(expected, float.IsNaN);
        Assert.Contains(expected, v => !float.IsNaN(v));

        using var reader = new PixelReader([index]);
        var pixels = reader.NewWindowBuffers();
        try
        {
            foreach (var window in RasterWindow.Tiling(width, height, index.BlockWidth, index.BlockHeight, targetPixels: 9_000))
            {
                reader.Read(window, pixels);
                var read = MemoryMarshal.Cast<byte, float>(pixels.RawBand(0));
                for (var row = 0; row < window.Height; row++)
                    for (var column = 0; column < window.Width; column++)
                    {
                        var want = expected[(window.Y + row) * width + window.X + column];
                        var got = read[row * window.Width + column];
                        Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got) || (float.IsNaN(want) && float.IsNaN(got)),
                            $"({window.X + column}, {window.Y + row}): GDAL's VRT {want}, the module {got}");
                    }
            }
        }
        finally
        {
            pixels.Release();
        }
    }
}
