using System.Globalization;
using System.Security;
using System.Text;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Gdal;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// Makes index bands: a lazy Float32 band whose Path is the XML text of a GDAL VRT with one derived
/// band, computed by the module's pixel function (<see cref="IndexPixelFunction"/>) from its inputs
/// in physical units. Every reader, KeptPixels and serialisation then treat it as any warped band.
/// </summary>
public static class SpectralIndex
{
    /// <summary>The formula of a built-in index, over role names.</summary>
    public static string FormulaOf(SpectralIndexName index) => index switch
    {
        SpectralIndexName.NDVI => "(NIR - Red) / (NIR + Red)",
        SpectralIndexName.NDWI => "(Green - NIR) / (Green + NIR)",
        SpectralIndexName.MNDWI => "(Green - SWIR1) / (Green + SWIR1)",
        SpectralIndexName.NDMI => "(NIR - SWIR1) / (NIR + SWIR1)",
        SpectralIndexName.NBR => "(NIR - SWIR2) / (NIR + SWIR2)",
        SpectralIndexName.AWEInsh => "4 * (Green - SWIR1) - (0.25 * NIR + 2.75 * SWIR2)",
        SpectralIndexName.AWEIsh => "Blue + 2.5 * Green - 1.5 * (NIR + SWIR1) - 0.25 * SWIR2",
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The roles a built-in index uses, in the order they first appear in its formula.</summary>
    public static IReadOnlyList<string> RolesOf(SpectralIndexName index) =>
        IndexFormula.Parse(FormulaOf(index), BandRoles.All).UsedInputs.Select(i => BandRoles.All[i]).ToArray();

    /// <summary>
    /// The index <paramref name="formula"/> over <paramref name="inputs"/> (one band per formula
    /// input, in order), on the grid of the finest input; coarser inputs are resampled by
    /// <paramref name="resampling"/>. A pixel is NaN wherever an input is NoData or masked (its
    /// mask raster or GDAL mask), or the result is not finite.
    /// </summary>
    /// <param name="description">What the band is called (MNDWI, or the formula).</param>
    public static RasterBand Compute(IndexFormula formula, IReadOnlyList<RasterBand> inputs, RasterResampling resampling, string description)
    {
        if (inputs.Count != formula.Inputs.Count || inputs.Count == 0)
            throw new ArgumentException($"The formula takes {formula.Inputs.Count} bands, not {inputs.Count}.", nameof(inputs));
        var products = inputs.Select(b => b.Product).Where(p => p is not null).Distinct().ToArray();
        if (products.Length > 1)
            throw new RasterException("MixedProducts", RasterErrorKind.Mismatch,
                $"The bands of one index must come from one product, not from {string.Join(" and ", products)}.");
        var finest = inputs.MinBy(b => b.GeoTransform?.PixelArea ?? 1)!;
        var grid = finest.Grid;
        var onGrid = inputs.Select(b => b.Grid.DescribeMismatch(grid) is null ? b : InBlocksOf(b.ResampledOnto(grid, resampling), finest)).ToArray();

        var values = onGrid.Select(b => new IndexInput(b.Scale, b.Offset, b.NoDataValue)).ToArray();
        var sources = onGrid.Select(b => (b.Path, Band: b.BandNumber.ToString(CultureInfo.InvariantCulture))).ToList();
        var masks = new List<IndexMask>();
        // Mask rasters (a scene classification) put on the index's grid by nearest neighbour; the
        // same raster with the same values masks once.
        var maskRasters = new List<RasterMaskSource>();
        foreach (var b in onGrid)
        {
            if (b.MaskSource is not { } m) continue;
            var onIndexGrid = RasterMaskSource.For(finest, m.File, m.BandNumber, m.Values);
            if (maskRasters.Any(k => k.Path == onIndexGrid.Path && k.BandNumber == onIndexGrid.BandNumber && k.Values.SequenceEqual(onIndexGrid.Values))) continue;
            maskRasters.Add(onIndexGrid);
            sources.Add((onIndexGrid.Path, onIndexGrid.BandNumber.ToString(CultureInfo.InvariantCulture)));
            masks.Add(new IndexMask(onIndexGrid.Values.Select(v => (float)v).ToArray()));
        }
        // GDAL's own masks (mask band, alpha, .msk, the footprint of a resampled band without NoData).
        foreach (var b in onGrid.Where(b => b.OwnMask == MaskKind.MaskBand).DistinctBy(b => (b.Path, b.BandNumber)))
        {
            sources.Add((b.Path, $"mask,{b.BandNumber}"));
            masks.Add(new IndexMask([]));
        }

        var xml = Vrt(grid, finest, description, IndexPixelFunction.Arguments(formula, values, masks), sources);
        var band = RasterBand.Open(xml, [1])[0];
        // An index of one product's bands says which product, tile and date it is (named after the index).
        return products.Length == 1 && inputs[0].ProductInfo is { } info ? band.WithProductInfo(info with { Name = description }) : band;
    }

    /// <summary>
    /// A warped band whose warper works in the finest band's blocks: GDAL's default (512 x 128)
    /// makes a warp operation, with its set-up and source window, for every small block.
    /// </summary>
    private static RasterBand InBlocksOf(RasterBand warped, RasterBand finest)
    {
        if (!RasterBand.IsVrtText(warped.Path) || !warped.Path.Contains("<BlockXSize>", StringComparison.Ordinal)) return warped;
        var width = Math.Min(Math.Max(finest.BlockWidth, 512), finest.Width);
        var height = Math.Min(Math.Max(finest.BlockHeight, 128), finest.Height);
        var xml = System.Text.RegularExpressions.Regex.Replace(warped.Path, "<BlockXSize>\\d+</BlockXSize>", $"<BlockXSize>{width}</BlockXSize>");
        xml = System.Text.RegularExpressions.Regex.Replace(xml, "<BlockYSize>\\d+</BlockYSize>", $"<BlockYSize>{height}</BlockYSize>");
        var reopened = RasterBand.Open(xml, [warped.BandNumber])[0];
        var withNoData = warped.NoDataValue is double nd && reopened.NoDataValue is null ? reopened.WithNoDataValue(nd) : reopened;
        return warped.MaskSource is { } m ? withNoData.WithMask(m).WithScaleOffset(warped.Scale, warped.Offset) : withNoData.WithScaleOffset(warped.Scale, warped.Offset);
    }

    private static string Vrt(RasterGrid grid, RasterBand finest, string description, IEnumerable<KeyValuePair<string, string>> arguments,
        IReadOnlyList<(string Path, string Band)> sources)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<VRTDataset rasterXSize=\"{grid.Width}\" rasterYSize=\"{grid.Height}\">");
        if (!grid.Crs.IsEmpty) text.Append("<SRS>").Append(SecurityElement.Escape(grid.Crs.Wkt)).Append("</SRS>");
        if (grid.GeoTransform is { } t)
            text.Append("<GeoTransform>").Append(string.Join(", ", t.ToGdal().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append("</GeoTransform>");
        // Blocks as the finest input's: windows cut at its blocks decode each of them once.
        var blockWidth = Math.Min(finest.BlockWidth, grid.Width);
        var blockHeight = Math.Min(finest.BlockHeight, grid.Height);
        text.Append(CultureInfo.InvariantCulture,
            $"<VRTRasterBand dataType=\"Float32\" band=\"1\" subClass=\"VRTDerivedRasterBand\" blockXSize=\"{blockWidth}\" blockYSize=\"{blockHeight}\">");
        text.Append("<Description>").Append(SecurityElement.Escape(description)).Append("</Description>");
        text.Append("<PixelFunctionType>").Append(IndexPixelFunction.Name).Append("</PixelFunctionType>");
        text.Append("<PixelFunctionArguments");
        foreach (var (name, value) in arguments) text.Append(' ').Append(name).Append("=\"").Append(SecurityElement.Escape(value)).Append('"');
        text.Append("/>");
        text.Append("<SourceTransferType>Float32</SourceTransferType>");
        foreach (var (path, band) in sources)
            text.Append("<SimpleSource><SourceFilename relativeToVRT=\"0\">").Append(SecurityElement.Escape(path))
                .Append("</SourceFilename><SourceBand>").Append(band).Append("</SourceBand></SimpleSource>");
        text.Append("</VRTRasterBand></VRTDataset>");
        return text.ToString();
    }
}
