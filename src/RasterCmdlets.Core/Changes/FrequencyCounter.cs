using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Changes;

/// <summary>
/// The two bands of a class frequency, produced window by window from one window of every map:
/// each map's own validity (its NoData, mask band or mask raster), its pixels of the class, summed
/// per pixel; and, on the side, each map's totals per window, added up in window order at the end
/// so that they do not depend on the thread count.
/// </summary>
internal sealed class FrequencyCounter : IWindowProducer
{
    /// <summary>Per-pixel sums are bytes up to this many maps, then are folded into wider ones.</summary>
    private const int ChunkMaps = 254;

    private readonly int[] _classes;
    private readonly ConcurrentDictionary<(int X, int Y), (long[] Class, long[] Valid, double[]? Area)> _tallies = new();
    private readonly Ellipsoid? _ellipsoid;
    private readonly GeoTransform _transform;

    public FrequencyCounter(RasterStack maps, int[] classes)
    {
        Input = maps;
        _classes = classes;
        DataType = classes.Length <= ChunkMaps ? RasterDataType.Byte : RasterDataType.UInt16;
        var noData = DataType == RasterDataType.Byte ? 255.0 : 65535.0;
        // GeoTIFF keeps one NoData value per file: the count band shares it, and never reaches it.
        Bands = [new OutputBandStyle(noData), new OutputBandStyle(noData)];
        var grid = maps.Grid;
        if (grid.Crs.IsGeographic && grid.GeoTransform is GeoTransform t && !t.IsRotated && Ellipsoid.Of(grid.Crs) is { } e)
            (_ellipsoid, _transform) = (e, t);
    }

    public IRasterSource Input { get; }
    public RasterDataType DataType { get; }
    public IReadOnlyList<OutputBandStyle> Bands { get; }
    public string Activity => "Counting classes";
    public KeptPixels? TakeKeptPixels() => null;

    public void Fill(WindowPixels pixels, byte[][] output)
    {
        var n = pixels.Count;
        // Scratch of a few megabytes per window, rented: allocated anew, it would pile up on the
        // large-object heap between full collections.
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var scratch = pool.Rent(4 * n);
        try
        {
            Count(pixels, output, scratch.AsSpan(0, n), scratch.AsSpan(n, n), scratch.AsSpan(2 * n, n), scratch.AsSpan(3 * n, n));
        }
        finally
        {
            pool.Return(scratch);
        }
    }

    private void Count(WindowPixels pixels, byte[][] output, Span<byte> valid, Span<byte> hit, Span<byte> hits, Span<byte> seen)
    {
        var n = pixels.Count;
        var maps = _classes.Length;
        var tally = (Class: new long[maps], Valid: new long[maps], Area: _ellipsoid is null ? null : new double[maps]);
        hits.Clear();
        seen.Clear();
        ushort[]? wideHits = null, wideSeen = null;
        for (var m = 0; m < maps; m++)
        {
            pixels.BandValidity(m, valid);
            Hits(pixels.RawBand(m), pixels.Types[m], _classes[m], valid, hit, hits, seen);
            tally.Class[m] = WindowPixels.CountOnes(hit);
            tally.Valid[m] = WindowPixels.CountOnes(valid);
            if (tally.Area is { } area)
                for (var row = 0; row < pixels.Window.Height; row++)
                    area[m] += _ellipsoid!.CellArea(_transform, pixels.Window.Y + row)
                        * WindowPixels.CountOnes(hit.Slice(row * pixels.Window.Width, pixels.Window.Width));
            if ((m + 1) % ChunkMaps == 0 && m + 1 < maps)
            {
                // Byte sums would overflow: fold this chunk's into wider ones and start again.
                wideHits ??= new ushort[n];
                wideSeen ??= new ushort[n];
                for (var i = 0; i < n; i++) { wideHits[i] += hits[i]; wideSeen[i] += seen[i]; }
                hits.Clear();
                seen.Clear();
            }
        }
        _tallies[(pixels.Window.X, pixels.Window.Y)] = tally;

        if (DataType == RasterDataType.Byte)
        {
            var frequency = output[0].AsSpan(0, n);
            var count = output[1].AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                int k = hits[i], v = seen[i];
                frequency[i] = v == 0 ? (byte)255 : (byte)((200 * k + v) / (2 * v));
                count[i] = (byte)v;
            }
            return;
        }
        var wideFrequency = MemoryMarshal.Cast<byte, ushort>(output[0].AsSpan(0, n * 2));
        var wideCount = MemoryMarshal.Cast<byte, ushort>(output[1].AsSpan(0, n * 2));
        for (var i = 0; i < n; i++)
        {
            int k = wideHits![i] + hits[i], v = wideSeen![i] + seen[i];
            wideFrequency[i] = v == 0 ? (ushort)65535 : (ushort)((200 * k + v) / (2 * v));
            wideCount[i] = (ushort)v;
        }
    }

    /// <summary>hit = valid and of the class (0 or 1); hits += hit; seen += valid.</summary>
    private static void Hits(ReadOnlySpan<byte> raw, RasterDataType type, int @class, ReadOnlySpan<byte> valid, Span<byte> hit,
        Span<byte> hits, Span<byte> seen)
    {
        var i = 0;
        if (type == RasterDataType.Byte)
        {
            if (@class > 255)
            {
                hit.Clear();
            }
            else
            {
                var target = new Vector<byte>((byte)@class);
                for (; i <= raw.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                {
                    var v = new Vector<byte>(valid[i..]);
                    var h = Vector.Equals(new Vector<byte>(raw[i..]), target) & v;
                    h.CopyTo(hit[i..]);
                    (new Vector<byte>(hits[i..]) + h).CopyTo(hits[i..]);
                    (new Vector<byte>(seen[i..]) + v).CopyTo(seen[i..]);
                }
                for (; i < raw.Length; i++)
                {
                    hit[i] = (byte)(raw[i] == @class ? valid[i] : 0);
                    hits[i] += hit[i];
                    seen[i] += valid[i];
                }
            }
            if (@class <= 255) return;
            for (i = 0; i < raw.Length; i++) seen[i] += valid[i];
            return;
        }
        var count = valid.Length;
        for (; i < count; i++)
        {
            hit[i] = (byte)(PixelMath.ValueAt(raw, type, i) == @class ? valid[i] : 0);
            hits[i] += hit[i];
            seen[i] += valid[i];
        }
    }

    /// <summary>Each map's pixels of the class, valid pixels and (geographic grids) class area, summed over the windows in order.</summary>
    public (long[] Class, long[] Valid, double[]? Area) Totals()
    {
        var maps = _classes.Length;
        var totals = (Class: new long[maps], Valid: new long[maps], Area: _ellipsoid is null ? null : new double[maps]);
        foreach (var window in WindowRunner.WindowsOf(Input))
        {
            var tally = _tallies[(window.X, window.Y)];
            for (var m = 0; m < maps; m++)
            {
                totals.Class[m] += tally.Class[m];
                totals.Valid[m] += tally.Valid[m];
                if (totals.Area is { } area) area[m] += tally.Area![m];
            }
        }
        return totals;
    }
}
