namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// What a band of a satellite product says of itself beyond its pixels (a Sentinel-2 band: B08 of
/// S2B_MSIL2A_..., Level-2A, sensed at 09:55:59 UTC, tile T34UCF, baseline 05.09). Held by the
/// band; null for a band of an ordinary raster file.
/// </summary>
/// <param name="Name">The band's name in its product (B08, B8A, SCL).</param>
/// <param name="Product">The product's name (its SAFE folder's, without .SAFE).</param>
/// <param name="Level">The processing level (L1C, L2A).</param>
/// <param name="SensingTime">When the scene was sensed, in UTC.</param>
/// <param name="Tile">The tile of the grid the product is cut on (T30STF).</param>
/// <param name="ProcessingBaseline">The version of the processing that made the product (05.09).</param>
public sealed record ProductInfo(string Name, string Product, string Level, DateTime? SensingTime, string? Tile, string ProcessingBaseline);
