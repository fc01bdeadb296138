namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// A raster whose values mark another band's pixels missing (a scene classification band: clouds,
/// shadows, snow), already on that band's grid: <see cref="Path"/> is the file itself, or the XML
/// text of a VRT that resamples it by nearest neighbour onto the band's grid.
/// </summary>
public sealed record RasterMaskSource(string Path, int BandNumber, IReadOnlyList<double> Values, string File)
{
    /// <summary>Band <paramref name="bandNumber"/> of the raster at <paramref name="path"/>, put on <paramref name="band"/>'s grid.</summary>
    public static RasterMaskSource For(RasterBand band, string path, int bandNumber, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new RasterException("NoMaskValues", RasterErrorKind.InvalidArgument, "No mask values were given: name the values that mark pixels missing.");
        var mask = RasterBand.Open(path, [bandNumber])[0];
        if (mask.Grid.DescribeMismatch(band.Grid) is not null)
            mask = RasterWarp.Onto(mask, band.Grid, RasterResampling.Nearest, markOutside: false, errorId: "MaskNotAligned");
        return new RasterMaskSource(mask.Path, mask.BandNumber, values.ToArray(), path);
    }

    /// <summary>
    /// <paramref name="source"/> with its pixels missing wherever band <paramref name="bandNumber"/>
    /// of the raster at <paramref name="path"/> holds one of <paramref name="values"/>.
    /// </summary>
    public static IRasterSource Apply(IRasterSource source, string path, int bandNumber, IReadOnlyList<double> values)
    {
        var mask = For(source.Bands[0], path, bandNumber, values);
        // A pixel of a stack is missing when any of its bands is: masking the first band masks the
        // stack, and the mask raster is read once per window instead of once per band.
        return source switch
        {
            RasterBand band => band.WithMask(mask),
            RasterStack stack => RasterStack.Join([stack.Bands[0].WithMask(mask), .. stack.Bands.Skip(1)]),
            _ => throw new ArgumentException($"Cannot mask a {source.GetType().Name}.", nameof(source)),
        };
    }

    public override string ToString() => $"{System.IO.Path.GetFileName(File)} band {BandNumber} in ({string.Join(",", Values)})";
}
