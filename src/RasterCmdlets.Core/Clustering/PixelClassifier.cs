using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Labels the pixels of a window with a fitted model: each valid pixel takes the class of its
/// nearest centre, each missing pixel the NoData label. One band of an 8- or 16-bit type goes
/// through a lookup table of every possible value; other single bands through the midpoints between
/// centres; several bands through the SIMD kernel. The fit uses the same classifier, so its
/// pixel counts and inertia describe exactly the labels that are written.
/// </summary>
internal sealed class PixelClassifier
{
    private readonly KMeansModel _model;
    private readonly ushort[]? _lookup;
    private readonly int _lookupOffset;
    private readonly double[] _midpoints = [];
    private readonly float[] _flatCentres = [];

    public PixelClassifier(KMeansModel model, IReadOnlyList<RasterDataType> types)
    {
        if (types.Count != model.BandCount)
            throw new RasterException("BandCountMismatch", RasterErrorKind.Mismatch,
                $"The model was fitted on {model.BandCount} band(s); the input has {types.Count}.");
        _model = model;
        if (model.BandCount == 1)
        {
            _midpoints = new double[model.K - 1];
            for (var k = 0; k + 1 < model.K; k++) _midpoints[k] = (model.Centre(k, 0) + model.Centre(k + 1, 0)) / 2;
            var (offset, size) = LookupRange(types[0]);
            if (size > 0)
            {
                _lookupOffset = offset;
                _lookup = new ushort[size];
                for (var v = 0; v < size; v++) _lookup[v] = LabelOf(v - offset);
            }
        }
        else
        {
            _flatCentres = model.FlatSingleCentres();
        }
    }

    /// <summary>For types small enough to tabulate: the value offset and the table size.</summary>
    internal static (int Offset, int Size) LookupRange(RasterDataType type) => type switch
    {
        RasterDataType.Byte => (0, 256),
        RasterDataType.Int8 => (128, 256),
        RasterDataType.UInt16 => (0, 65536),
        RasterDataType.Int16 => (32768, 65536),
        _ => (0, 0),
    };

    /// <summary>The class of a single-band value: the number of midpoints strictly below it (ties go to the lower class).</summary>
    public ushort LabelOf(double value)
    {
        var label = 0;
        while (label < _midpoints.Length && value > _midpoints[label]) label++;
        return (ushort)label;
    }

    /// <summary>
    /// Labels every pixel of <paramref name="pixels"/>; returns the squared distance of each valid
    /// pixel to its centre through <paramref name="scratch"/> (multi-band only).
    /// </summary>
    public void Classify(WindowPixels pixels, Span<ushort> labels, ushort noDataLabel, ClassifierScratch scratch)
    {
        var n = pixels.Count;
        var valid = pixels.Valid.AsSpan(0, n);
        if (_model.BandCount == 1)
        {
            var raw = pixels.RawBand(0);
            var type = pixels.Types[0];
            if (_lookup is not null) ClassifyByLookup(raw, type, labels[..n]);
            else for (var i = 0; i < n; i++) labels[i] = LabelOf(PixelMath.ValueAt(raw, type, i));
        }
        else
        {
            var planes = scratch.Planes(pixels.Types.Length, n);
            for (var b = 0; b < planes.Length; b++) PixelMath.ToSingle(pixels.RawBand(b), pixels.Types[b], planes[b].AsSpan(0, n));
            NearestCentre.Assign(planes, 0, n, _flatCentres, _model.K, labels, scratch.Distances(n));
        }
        for (var i = 0; i < n; i++)
            if (valid[i] == 0) labels[i] = noDataLabel;
    }

    private void ClassifyByLookup(ReadOnlySpan<byte> raw, RasterDataType type, Span<ushort> labels)
    {
        var lookup = _lookup!;
        switch (type)
        {
            case RasterDataType.Byte:
                for (var i = 0; i < labels.Length; i++) labels[i] = lookup[raw[i]];
                break;
            case RasterDataType.Int8:
                for (var i = 0; i < labels.Length; i++) labels[i] = lookup[(sbyte)raw[i] + 128];
                break;
            case RasterDataType.UInt16:
            {
                var values = MemoryMarshal.Cast<byte, ushort>(raw);
                for (var i = 0; i < labels.Length; i++) labels[i] = lookup[values[i]];
                break;
            }
            case RasterDataType.Int16:
            {
                var values = MemoryMarshal.Cast<byte, short>(raw);
                for (var i = 0; i < labels.Length; i++) labels[i] = lookup[values[i] + 32768];
                break;
            }
        }
    }
}

/// <summary>Per-worker buffers for the multi-band kernel, reused from window to window.</summary>
internal sealed class ClassifierScratch
{
    private float[][] _planes = [];
    private float[] _distances = [];

    public float[][] Planes(int bands, int count)
    {
        if (_planes.Length != bands || _planes[0].Length < count)
            _planes = Enumerable.Range(0, bands).Select(_ => new float[count]).ToArray();
        return _planes;
    }

    public Span<float> Distances(int count)
    {
        if (_distances.Length < count) _distances = new float[count];
        return _distances.AsSpan(0, count);
    }

    public float[] DistanceArray => _distances;
}
