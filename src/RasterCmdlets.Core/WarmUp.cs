using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core;

/// <summary>
/// Runs the module's most common path once on a tiny raster in GDAL's in-memory file system:
/// reading a 16-bit GeoTIFF with NoData, the exact one-band fit, labelling and writing a
/// compressed class map. A script that classifies one file per process otherwise pays for
/// compiling that code and setting up GDAL's GeoTIFF driver on its first, large raster (measured:
/// about 50 ms of the 0.7 s that a Sentinel-2 tile takes); this runs on a spare core while
/// PowerShell is still starting.
/// </summary>
public static class WarmUp
{
    private const int Size = 256;

    /// <summary>Runs the path; a failure is left for the real call to report.</summary>
    /// <exception cref="GdalNotFoundException">GDAL could not be loaded.</exception>
    public static void Run()
    {
        GdalLibrary.EnsureInitialized();
        try
        {
            Exercise();
        }
        catch (Exception e) when (e is GdalException or RasterException)
        {
        }
    }

    /// <summary>Runs the path, leaving nothing behind; returns the in-memory folder it used.</summary>
    internal static string Exercise()
    {
        var folder = $"/vsimem/rastercmdlets-warmup-{Guid.NewGuid():N}/";
        var source = folder + "source.tif";
        var classes = folder + "classes.tif";
        try
        {
            using (var dataset = GdalDataset.Create("GTiff", source, Size, Size, 1, GdalDataType.UInt16,
                       ["TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128"]))
            {
                var values = new ushort[Size * Size];
                for (var i = 0; i < values.Length; i++) values[i] = (ushort)(i % 1000);
                var band = dataset.GetBand(1);
                band.NoDataValue = 0;
                band.Write<ushort>(new RasterWindow(0, 0, Size, Size), values, RasterDataType.UInt16);
                dataset.Close();
            }
            var map = KMeansFitter.Fit(RasterBand.Open(source)[0], new KMeansOptions(2, seed: 0)).ClassMap;
            GeoTiffWriter.WriteFile(new ClassMapLabels(map, []), classes, classes, new GeoTiffOptions(), null, default);
            return folder;
        }
        finally
        {
            GdalFiles.Delete(source);
            GdalFiles.Delete(classes);
            GdalFiles.Delete(classes + ".aux.xml");
        }
    }
}
