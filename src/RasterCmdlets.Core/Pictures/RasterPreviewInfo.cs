using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Pictures;

/// <summary>What a preview shows and how big it is.</summary>
public sealed record RasterPreviewInfo(string Path, int Width, int Height, string Rendering, double? Low, double? High);
