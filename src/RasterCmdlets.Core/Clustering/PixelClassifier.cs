using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Labels the pixels of a window with a fitted model: each valid pixel takes the class of its
/// nearest centre, each missing pixel the NoData label. One band of an 8- or 16-bit type goes
/// through a lookup table of every possible value (the NoData value included, so such bands need
/// no validity pass), applied with SIMD compares where the table allows (<see cref="StepLabeller"/>);
/// other single bands through the midpoints between centres (<see cref="ValueThresholds"/>);
/// several bands through the SIMD kernel. Fitting and applying label with the same rules, so the
/// counts and inertia a fit reports describe exactly the labels that are written.
/// </summary>
internal sealed class PixelClassifier
{
    private readonly int _k;
    private readonly ValueThresholds? _thresholds;
    private readonly ushort[]? _lookup;
    private readonly StepLabeller? _steps;
    private readonly int _lookupOffset;
    private readonly float[] _flatCentres = [];
    private readonly ushort _noDataLabel;
    // True when the lookup table maps the NoData value itself, so windows need no validity flags.
    private readonly bool _lookupMapsMissing;

    /// <param name="centres">The class centres in class order, one coordinate per band.</param>
    /// <param name="bands">The bands classified: their types choose the method, their NoData rule tells missing pixels.</param>
    /// <param name="noDataLabel">The label of missing pixels.</param>
    public PixelClassifier(IReadOnlyList<IReadOnlyList<double>> centres, IReadOnlyList<RasterBand> bands, ushort noDataLabel)
    {
        _k = centres.Count;
        _noDataLabel = noDataLabel;
        if (bands.Count == 1)
        {
            var band = bands[0];
            _thresholds = new ValueThresholds(centres.Select(c => c[0]).ToArray());
            var (offset, size) = LookupRange(band.DataType);
            if (size == 0) return;
            _lookupOffset = offset;
            _lookup = new ushort[size];
            for (var v = 0; v < size; v++) _lookup[v] = _thresholds.LabelOf(v - offset);
            int? noDataIndex = null;
            var validity = ValidityPlan.Of(band);
            if (validity.ValuesAloneTellMissing)
            {
                if (validity.IntegerNoData(0) is long nd)
                {
                    noDataIndex = (int)nd + offset;
                    _lookup[noDataIndex.Value] = noDataLabel;
                }
                _lookupMapsMissing = true;
            }
            _steps = StepLabeller.For(band.DataType, _lookup, noDataIndex);
        }
        else
        {
            _flatCentres = CentreMath.Flatten(centres);
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

    /// <summary>Labels every pixel of <paramref name="pixels"/>.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Classify<TLabel>(WindowPixels pixels, Span<TLabel> labels)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = pixels.Count;
        labels = labels[..n];
        var missing = TLabel.CreateTruncating(_noDataLabel);
        if (_thresholds is null)
        {
            // The kernel labels missing pixels itself.
            LloydKernel.Run(pixels, _flatCentres, _k, labels, missing, null, ChunkScratch.ForThisThread);
            return;
        }
        var raw = pixels.RawBand(0);
        var type = pixels.Types[0];
        if (_lookup is not null) ClassifyByLookup(raw, type, labels);
        else if (type == RasterDataType.Float32) _thresholds.Label(MemoryMarshal.Cast<byte, float>(raw)[..n], labels);
        else for (var i = 0; i < n; i++) labels[i] = TLabel.CreateTruncating(_thresholds.LabelOf(PixelMath.ValueAt(raw, type, i)));
        if (_lookupMapsMissing || !pixels.MayHaveMissing) return;
        var valid = pixels.Validity;
        for (var i = 0; i < n; i++)
            if (valid[i] == 0) labels[i] = missing;
    }

    private void ClassifyByLookup<TLabel>(ReadOnlySpan<byte> raw, RasterDataType type, Span<TLabel> labels)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (_steps is not null && (typeof(TLabel) == typeof(byte) || typeof(TLabel) == typeof(ushort))) _steps.Label(raw, labels);
        else LookUp(_lookup!, raw, type, labels);
    }

    /// <summary>Labels the pixels from <paramref name="start"/> on with one table lookup each.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LookUp<TLabel>(ushort[] lookup, ReadOnlySpan<byte> raw, RasterDataType type, Span<TLabel> labels, int start = 0)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        switch (type)
        {
            case RasterDataType.Byte:
                for (var i = start; i < labels.Length; i++) labels[i] = TLabel.CreateTruncating(lookup[raw[i]]);
                break;
            case RasterDataType.Int8:
                for (var i = start; i < labels.Length; i++) labels[i] = TLabel.CreateTruncating(lookup[(sbyte)raw[i] + 128]);
                break;
            case RasterDataType.UInt16:
            {
                var values = MemoryMarshal.Cast<byte, ushort>(raw);
                for (var i = start; i < labels.Length; i++) labels[i] = TLabel.CreateTruncating(lookup[values[i]]);
                break;
            }
            case RasterDataType.Int16:
            {
                var values = MemoryMarshal.Cast<byte, short>(raw);
                for (var i = start; i < labels.Length; i++) labels[i] = TLabel.CreateTruncating(lookup[values[i] + 32768]);
                break;
            }
        }
    }
}
