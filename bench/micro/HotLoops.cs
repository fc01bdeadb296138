using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Micro;

/// <summary>
/// The per-pixel loops of a one-band run, on one window (2 million pixels, the size the module
/// reads) of UInt16 values shaped like a coast: sea, then land, a sprinkle of NoData. Each benchmark is
/// paired with the simpler loop it replaced, where there was one, as the baseline.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class HotLoops
{
    private const int Pixels = 1 << 21;
    private readonly byte[] _raw = new byte[Pixels * 2];
    private readonly byte[] _labels = new byte[Pixels];
    private readonly int[] _counts = new int[65536];
    private ushort[] _lookup = [];
    private StepLabeller _steps = null!;

    /// <summary>Half the window NoData (0), as at the edge of a Sentinel-2 swath: one value, over and over.</summary>
    [Params(false, true)]
    public bool HalfNoData { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var values = MemoryMarshal.Cast<byte, ushort>(_raw.AsSpan());
        var random = new Random(1);
        for (var i = 0; i < values.Length; i++)
        {
            var land = i % 10980 > 4000;                 // a coastline down the window
            values[i] = (ushort)(land ? 1800 + random.Next(600) : 300 + random.Next(60));
            if (i % 997 == 0 || (HalfNoData && i < values.Length / 2)) values[i] = 0;
        }
        // Two classes split at 1000, NoData 0 labelled 255: the table the classifier builds for K=2.
        _lookup = new ushort[65536];
        for (var v = 0; v < _lookup.Length; v++) _lookup[v] = v > 1000 ? (ushort)1 : (ushort)0;
        _lookup[0] = 255;
        _steps = StepLabeller.For(RasterDataType.UInt16, _lookup, 0)!;
    }

    [Benchmark(Baseline = true, Description = "label: table lookup per pixel")]
    [BenchmarkCategory("label")]
    public void LabelByLookup() => PixelClassifier.LookUp<byte>(_lookup, _raw, RasterDataType.UInt16, _labels);

    [Benchmark(Description = "label: SIMD compares (StepLabeller)")]
    [BenchmarkCategory("label")]
    public void LabelBySteps() => _steps.Label<byte>(_raw, _labels);

    // Four interleaved tables, to keep increments of a repeated value from waiting on each other,
    // measured no faster on this machine (and slower on NoData runs): one table it is.
    [Benchmark(Baseline = true, Description = "histogram: one table (OneBandFitter)")]
    [BenchmarkCategory("histogram")]
    public void CountValues()
    {
        Array.Clear(_counts);
        OneBandFitter.Count(MemoryMarshal.Cast<byte, ushort>(_raw.AsSpan()), _counts, default);
    }
}
