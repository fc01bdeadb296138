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
/// other single bands through the midpoints between centres; several bands
/// through the SIMD kernel. The fit uses the same classifier, so its pixel counts and inertia
/// describe exactly the labels that are written.
/// </summary>
internal sealed class PixelClassifier
{
    private readonly KMeansModel _model;
    private readonly ushort[]? _lookup;
    private readonly StepLabeller? _steps;
    private readonly int _lookupOffset;
    private readonly double[] _midpoints = [];
    private readonly float[] _flatCentres = [];
    private readonly ushort _noDataLabel;

    public PixelClassifier(KMeansModel model, IReadOnlyList<RasterDataType> types) : this(model, types, null, ushort.MaxValue) { }

    /// <param name="bands">The bands classified, when known: their NoData rule lets the lookup table map missing pixels.</param>
    public PixelClassifier(KMeansModel model, IReadOnlyList<RasterDataType> types, IReadOnlyList<RasterBand>? bands, ushort noDataLabel)
    {
        if (types.Count != model.BandCount)
            throw new RasterException("BandCountMismatch", RasterErrorKind.Mismatch,
                $"The model was fitted on {model.BandCount} band(s); the input has {types.Count}.");
        _model = model;
        _noDataLabel = noDataLabel;
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
                int? noDataIndex = null;
                if (bands is [{ Mask: not MaskKind.MaskBand } band])
                {
                    if (band.NoDataValue is double nd)
                    {
                        noDataIndex = (int)nd + offset;
                        _lookup[noDataIndex.Value] = noDataLabel;
                    }
                    NeedsValidity = false;
                }
                _steps = StepLabeller.For(types[0], _lookup, noDataIndex);
            }
        }
        else
        {
            _flatCentres = model.FlatSingleCentres();
        }
    }

    /// <summary>Whether windows must come with validity flags; false when the lookup table maps NoData itself.</summary>
    public bool NeedsValidity { get; } = true;

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

    /// <summary>Labels every pixel of <paramref name="pixels"/>.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Classify<TLabel>(WindowPixels pixels, Span<TLabel> labels)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = pixels.Count;
        labels = labels[..n];
        if (_model.BandCount == 1)
        {
            var raw = pixels.RawBand(0);
            var type = pixels.Types[0];
            if (_lookup is not null) ClassifyByLookup(raw, type, labels);
            else for (var i = 0; i < n; i++) labels[i] = TLabel.CreateTruncating(LabelOf(PixelMath.ValueAt(raw, type, i)));
        }
        else
        {
            // The kernel labels missing pixels itself.
            LloydKernel.Run(pixels, _flatCentres, _model.K, labels, TLabel.CreateTruncating(_noDataLabel), null, ChunkScratch.ForThisThread);
            return;
        }
        if (!pixels.HasValidity) return;
        var valid = pixels.Valid.AsSpan(0, n);
        var missing = TLabel.CreateTruncating(_noDataLabel);
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

