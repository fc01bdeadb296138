using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core;

/// <summary>
/// Runs the module's most common path once on a tiny raster in GDAL's in-memory file system:
/// reading a 16-bit GeoTIFF with NoData, the exact one-band fit, labelling and writing a
/// compressed class map. A script that classifies one file per process otherwise pays for
/// compiling that code and setting up GDAL's GeoTIFF driver on its first, large raster (a tenth of
/// a second, an eighth of a whole Sentinel-2 tile's run); done on a spare core while PowerShell is
/// still starting, it costs the user nothing.
/// </summary>
public static class WarmUp
{
    private const int Size = 256;

    /// <summary>Runs the path; nothing is left behind, and a failure is the real call's to report.</summary>
    /// <exception cref="GdalNotFoundException">GDAL could not be loaded.</exception>
    public static void Run()
    {
        GdalLibrary.EnsureInitialized();
        var folder = $"/vsimem/rastercmdlets-warmup-{Guid.NewGuid():N}/";
        var source = folder + "source.tif";
        var classes = folder + "classes.tif";
        try
        {
            using (var dataset = GdalDataset.Create("GTiff", source, Size, Size, 1, RasterDataType.UInt16,
                       ["TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128"]))
            {
                var values = new ushort[Size * Size];
                for (var i = 0; i < values.Length; i++) values[i] = (ushort)(i % 1000);
                var band = dataset.GetBand(1);
                band.NoDataValue = 0;
                band.Write<ushort>(new RasterWindow(0, 0, Size, Size), values, RasterDataType.UInt16);
                dataset.Close();
            }
            var raster = KMeansFitter.Fit(RasterBand.Open(source)[0], new KMeansOptions(2, seed: 0));
            var options = new GeoTiffOptions();
            using (var output = GdalDataset.Create("GTiff", classes, Size, Size, 1, raster.LabelDataType, options.GTiffCreationOptions()))
            {
                GeoTiffWriter.FillClasses(raster, output, options);
                output.Close();
            }
        }
        catch (Exception e) when (e is GdalException or RasterException)
        {
        }
        finally
        {
            GdalNative.VSIUnlink(source);
            GdalNative.VSIUnlink(classes);
            GdalNative.VSIUnlink(classes + ".aux.xml");
        }
    }
}
