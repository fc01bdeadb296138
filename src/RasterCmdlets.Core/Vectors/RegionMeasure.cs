using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Vectors;

/// <summary>
/// Area and perimeter of a region polygon. Projected grids: OGR's planar area and the length of
/// the boundary, in the CRS's unit, converted to metres when the unit is known. Geographic grids:
/// the area on the ellipsoid from the row-boundary integral of <see cref="CumulatedRowAreas"/>
/// (exact for polygons made of pixel edges, and the same cell areas as Measure-RasterClass), and the
/// perimeter as the pixel edges' lengths on the ellipsoid (parallels exactly, meridian arcs at their
/// mid-latitude).
/// </summary>
internal sealed class RegionMeasure
{
    private readonly double _unit;
    private readonly double[]? _rows;
    private readonly GeoTransform _transform;
    private readonly double _a, _e2;

    public RegionMeasure(RasterGrid grid)
    {
        Geographic = grid.Crs.IsGeographic;
        if (Geographic)
        {
            _rows = CumulatedRowAreas(grid);
            _transform = grid.GeoTransform ?? default;
            _a = grid.Crs.SemiMajorAxis;
            var f = grid.Crs.InverseFlattening > 0 ? 1 / grid.Crs.InverseFlattening : 0;
            _e2 = f * (2 - f);
            InMetres = _rows is not null;
        }
        else
        {
            InMetres = !grid.Crs.IsEmpty && grid.Crs.LinearUnitInMetres > 0;
            _unit = InMetres ? grid.Crs.LinearUnitInMetres : 1;
        }
    }

    public bool Geographic { get; }

    /// <summary>Whether areas are in m² (and perimeters in metres).</summary>
    public bool InMetres { get; }

    public (double? Area, double? Perimeter) Of(OgrGeometry polygon)
    {
        if (!Geographic)
        {
            var area = polygon.Area * _unit * _unit;
            using var boundary = polygon.Boundary();
            return (area, boundary.IsEmpty ? 0 : boundary.Length * _unit);
        }
        if (_rows is null) return (null, null);
        double total = 0, perimeter = 0;
        var rings = polygon.GeometryCount;
        for (var r = 0; r < rings; r++)
        {
            var ring = polygon.GeometryAt(r);
            var (signed, length) = Ring(ring);
            total += r == 0 ? Math.Abs(signed) : -Math.Abs(signed);
            perimeter += length;
        }
        return (total, perimeter);
    }

    private (double Signed, double Length) Ring(OgrGeometry ring)
    {
        var n = ring.PointCount;
        double sum = 0, length = 0;
        var x0 = ring.X(0);
        var y0 = ring.Y(0);
        for (var i = 1; i < n; i++)
        {
            var x1 = ring.X(i);
            var y1 = ring.Y(i);
            if (y0 == y1 && x0 != x1)
            {
                var row = (int)Math.Round((y0 - _transform.OriginY) / _transform.PixelHeight);
                row = Math.Clamp(row, 0, _rows!.Length - 1);
                sum += _rows[row] * (x1 - x0);
                length += ParallelLength(y0, x1 - x0);
            }
            else if (x0 == x1 && y0 != y1) length += MeridianLength(y0, y1);
            x0 = x1;
            y0 = y1;
        }
        return (sum, length);
    }

    private double ParallelLength(double latitude, double dLongitude)
    {
        var phi = latitude * Math.PI / 180;
        var s = Math.Sin(phi);
        var n = _a / Math.Sqrt(1 - _e2 * s * s);
        return n * Math.Cos(phi) * Math.Abs(dLongitude * Math.PI / 180);
    }

    private double MeridianLength(double lat0, double lat1)
    {
        var phi = (lat0 + lat1) / 2 * Math.PI / 180;
        var s = Math.Sin(phi);
        var m = _a * (1 - _e2) / Math.Pow(1 - _e2 * s * s, 1.5);
        return m * Math.Abs((lat1 - lat0) * Math.PI / 180);
    }

    /// <summary>
    /// For a geographic grid, the ellipsoid's area (m²) under each row boundary, cumulated from the
    /// top and divided by the pixel width in degrees, so that a horizontal pixel edge at row boundary
    /// r spanning Δλ degrees contributes Cumulated[r] · Δλ to the area integral of a ring (Green's
    /// theorem; vertical edges contribute nothing). Same cell areas as Measure-RasterClass. Null
    /// when the area cannot be known (no geotransform, rotated grid, unknown ellipsoid).
    /// </summary>
    private static double[]? CumulatedRowAreas(RasterGrid grid)
    {
        if (grid.GeoTransform is not GeoTransform t || t.IsRotated || Ellipsoid.Of(grid.Crs) is not Ellipsoid ellipsoid) return null;
        var cumulated = new double[grid.Height + 1];
        var width = Math.Abs(t.PixelWidth);
        for (var r = 0; r < grid.Height; r++) cumulated[r + 1] = cumulated[r] + ellipsoid.CellArea(t, r) / width;
        return cumulated;
    }
}
