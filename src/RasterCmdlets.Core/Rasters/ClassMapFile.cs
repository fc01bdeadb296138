
namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Class maps held in files, as GDAL's algorithms (sieve, polygons, previews) need them: a band
/// read from a file as it is, any other <see cref="ClassMap"/> written first into a temporary file.
/// </summary>
public static class ClassMapFile
{
    /// <summary>
    /// A class map as a file-backed band: a band read with Get-RasterBand as it is (checked to hold
    /// integers), a <see cref="ClassMap"/> written first, with its colour table, into a
    /// temporary GeoTIFF of the module's temporary folder, deleted when the lease is disposed.
    /// Null for anything else.
    /// </summary>
    public static ClassMapLease? Open(object input, ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        switch (input)
        {
            case RasterBand band:
                RequireIntegers(band);
                return new ClassMapLease(band, null);
            case ClassMap map:
                var path = ModuleTemp.NewFile(ModuleTemp.StemOf(map.SourcePath) + ".classes", ".tif");
                try
                {
                    map.WriteGeoTiff(path, new GeoTiffOptions { Overwrite = true }, null, progress, cancellation);
                    return new ClassMapLease(RasterBand.Open(path, [1])[0], path);
                }
                catch
                {
                    ModuleTemp.Delete(path);
                    throw;
                }
            default:
                return null;
        }
    }

    /// <summary>Whether an object is something <see cref="Open"/> takes.</summary>
    public static bool IsClassMap(object input) => input is RasterBand or ClassMap;

    /// <summary>The files an input was read from (to refuse writing over them).</summary>
    public static IEnumerable<string> SourcePaths(object input) => input switch
    {
        RasterBand b => b.InputFiles,
        ClassMap c => c.Source.Bands.SelectMany(b => b.InputFiles),
        _ => [],
    };

    public static void RequireIntegers(RasterBand band)
    {
        if (!band.DataType.IsHistogrammable())
            throw new RasterException("NotAClassMap", RasterErrorKind.InvalidArgument,
                $"{band} is {band.DataType}: a class map has integer pixels (Byte to Int32).");
    }
}
