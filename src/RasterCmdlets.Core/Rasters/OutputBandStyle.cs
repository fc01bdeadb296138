namespace RasterCmdlets.Core.Rasters;

/// <summary>What an output band carries besides its pixels.</summary>
public sealed record OutputBandStyle(
    double? NoDataValue = null,
    IReadOnlyList<(byte R, byte G, byte B, byte A)>? Colours = null,
    IReadOnlyList<string>? CategoryNames = null);
