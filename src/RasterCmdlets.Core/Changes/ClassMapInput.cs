using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Changes;

/// <summary>
/// A class map as the comparisons read it: an integer band of a file (a map read with
/// Get-RasterBand as it is; any other <see cref="ClassMap"/> written first into the module's
/// temporary folder, where it stays for the session as sieved maps do), with the names of its
/// classes, how many it has when that is known, and when it was observed.
/// </summary>
public sealed record ClassMapInput(RasterBand Band, IReadOnlyList<string> Names, int? K, string Name, DateTime? SensingTime)
{
    /// <summary>
    /// <paramref name="input"/> as a file band, or null when it is no class map.
    /// <paramref name="fallbackNames"/> name the classes of a map that names none itself.
    /// </summary>
    public static ClassMapInput? From(object input, IReadOnlyList<string>? fallbackNames = null, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        fallbackNames ??= [];
        switch (input)
        {
            case RasterBand band:
                ClassMapFile.RequireIntegers(band);
                var names = band.ClassNames;
                return new ClassMapInput(band, names.Count > 0 ? names : fallbackNames, null, $"{band.FileName} band {band.BandNumber}", MapTime.Of(band));
            case ClassMap map:
                var own = map.ClassNames.Count > 0 ? map.ClassNames : fallbackNames.Take(map.K).ToArray();
                var path = ModuleTemp.NewFile(ModuleTemp.StemOf(map.SourcePath) + ".classes", ".tif");
                try
                {
                    map.WriteGeoTiff(path, new GeoTiffOptions { Overwrite = true, Compression = "NONE" }, own.Count == map.K ? own : null,
                        progress, cancellation);
                    return new ClassMapInput(RasterBand.Open(path, [1])[0], own, map.K, map.Source.Name, MapTime.Of(map.Source.Bands[0]));
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

    /// <summary>The name of class <paramref name="value"/>: its own, or "Class N".</summary>
    public string NameOf(int value) => value < Names.Count && Names[value].Length > 0 ? Names[value] : $"Class {value}";

    /// <summary>The class value named <paramref name="name"/> (case-insensitive), or null.</summary>
    public int? ValueOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }
}
