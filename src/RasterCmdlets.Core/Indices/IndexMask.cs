using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Indices;

/// <summary>
/// A raster whose values mark the index's pixels missing: either any of <see cref="Values"/>
/// (a scene classification), or, with no values, 0 (a GDAL mask band).
/// </summary>
internal readonly record struct IndexMask(float[] Values);
