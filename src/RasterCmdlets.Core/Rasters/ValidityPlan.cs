namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// The one rule for which pixels of a source are missing. Every consumer asks it: the readers that
/// flag missing pixels, the paths that map a NoData value through a lookup table or a histogram
/// bin instead of flagging pixels, kept pixels, and the GDAL algorithms (sieve, polygons, previews)
/// that take a mask band.
/// A new kind of missing pixel is a member of <see cref="MissingPixelKind"/>, the line of
/// <see cref="KindsOf"/> that finds it on a band, and its case in <see cref="MarkMissing"/>; the
/// properties below then tell every consumer whether it can still skip the per-pixel flags.
/// </summary>
public sealed class ValidityPlan
{
    private readonly IReadOnlyList<RasterBand> _bands;
    private readonly MissingPixelKind[][] _kinds;

    private ValidityPlan(IReadOnlyList<RasterBand> bands)
    {
        _bands = bands;
        _kinds = bands.Select(KindsOf).ToArray();
    }

    public static ValidityPlan Of(IRasterSource source) => new(source.Bands);

    public static ValidityPlan Of(RasterBand band) => new([band]);

    public static ValidityPlan Of(IReadOnlyList<RasterBand> bands) => new(bands);

    /// <summary>The kinds of missing pixels of a band, in the order <see cref="MarkMissing"/> applies them.</summary>
    private static MissingPixelKind[] KindsOf(RasterBand band)
    {
        var kinds = new List<MissingPixelKind>(4);
        // NaN as a NoData value adds nothing to the NaN rule of floating-point bands.
        if (UsableNoData(band.DataType, band.NoDataValue) is double nd && !double.IsNaN(nd)) kinds.Add(MissingPixelKind.NoDataValue);
        if (band.DataType.IsFloatingPoint()) kinds.Add(MissingPixelKind.NotANumber);
        if (band.OwnMask == MaskKind.MaskBand) kinds.Add(MissingPixelKind.MaskBand);
        if (band.MaskSource is not null) kinds.Add(MissingPixelKind.MaskRaster);
        return kinds.ToArray();
    }

    /// <summary>
    /// The NoData value as it can match a pixel of <paramref name="type"/>, or null when it never
    /// can: an integer band whose NoData is NaN, fractional or out of range has no missing values.
    /// </summary>
    public static double? UsableNoData(RasterDataType type, double? noData) =>
        noData is double nd && (type.IsFloatingPoint() || type.CanHold(nd)) ? nd : null;

    /// <summary>The kinds of missing pixels of band <paramref name="band"/>.</summary>
    public IReadOnlyList<MissingPixelKind> KindsOfBand(int band) => _kinds[band];

    /// <summary>False when every pixel of every band is valid by construction.</summary>
    public bool MayHaveMissing => _kinds.Any(k => k.Length > 0);

    /// <summary>
    /// True when missing pixels are told by a band's own values alone (its NoData value, NaN), so
    /// that a lookup table or histogram can map them without per-pixel flags.
    /// </summary>
    public bool ValuesAloneTellMissing => _kinds.All(k => k.All(IsToldByValue));

    /// <summary>True when some validity is read from another file or band; kept pixels keep it with the values.</summary>
    public bool ReadsValidityFromFiles => !ValuesAloneTellMissing;

    /// <summary>
    /// The NoData value of integer band <paramref name="band"/> that a lookup table or histogram
    /// maps to missing, or null when it has none.
    /// </summary>
    public long? IntegerNoData(int band) =>
        _kinds[band].Contains(MissingPixelKind.NoDataValue) && !_bands[band].DataType.IsFloatingPoint()
            ? (long)_bands[band].NoDataValue!.Value
            : null;

    /// <summary>
    /// True when GDAL's own mask band of the band's file tells its missing pixels (NoData values and
    /// mask bands), as the GDAL algorithms that take a mask band need.
    /// </summary>
    public bool NeedsGdalMaskBand => _kinds.Any(k => k.Contains(MissingPixelKind.NoDataValue) || k.Contains(MissingPixelKind.MaskBand));

    /// <summary>True when some missing pixels are unknown to GDAL's mask band of the file (mask rasters).</summary>
    public bool HasKindsBeyondGdalMask => _kinds.Any(k => k.Contains(MissingPixelKind.MaskRaster));

    private static bool IsToldByValue(MissingPixelKind kind) => kind is MissingPixelKind.NoDataValue or MissingPixelKind.NotANumber;

    /// <summary>Clears the flags of pixels that are missing in any band of the window.</summary>
    internal void MarkMissing(WindowPixels pixels, Span<byte> valid, IValidityReader reader)
    {
        for (var b = 0; b < _bands.Count; b++) MarkMissing(pixels, b, valid, reader);
    }

    /// <summary>Clears the flags of pixels that are missing in band <paramref name="b"/> of the window (each map of a frequency apart).</summary>
    internal void MarkMissing(WindowPixels pixels, int b, Span<byte> valid, IValidityReader reader)
    {
        var band = _bands[b];
        foreach (var kind in _kinds[b])
        {
            switch (kind)
            {
                case MissingPixelKind.NoDataValue:
                    PixelMath.ClearNoData(pixels.RawBand(b), band.DataType, band.NoDataValue!.Value, valid);
                    break;
                case MissingPixelKind.NotANumber:
                    PixelMath.ClearNaN(pixels.RawBand(b), band.DataType, valid);
                    break;
                case MissingPixelKind.MaskBand:
                    reader.ClearMaskedByMaskBand(band, pixels.Window, valid);
                    break;
                case MissingPixelKind.MaskRaster:
                    reader.ClearMaskedByMaskRaster(band.MaskSource!, pixels.Window, valid);
                    break;
            }
        }
    }
}
