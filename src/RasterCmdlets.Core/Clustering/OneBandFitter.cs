using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Exact K-means for one band. Lloyd's algorithm (scikit-learn, Orfeo, GRASS) finds a local
/// optimum; in one dimension the global optimum can be computed instead, from the distinct values
/// and their counts, gathered in one streamed pass:
/// <list type="bullet">
/// <item>8- and 16-bit integers: a dense histogram of every possible value.</item>
/// <item>Other types (32-bit integers, floating point): the sorted distinct values, merged window by
/// window, while there are at most <see cref="DistinctLimit"/> of them.</item>
/// <item>Beyond that: a fine histogram of <see cref="FineBinCount"/> bins over the value range,
/// solved exactly over bin edges. For two classes, one more pass reads the values of the bins that
/// could hold a better split (<see cref="TwoClassRefinement"/>), and the split is the exact optimum;
/// for more, one pass measures the classes on the pixel values.</item>
/// </list>
/// </summary>
internal static class OneBandFitter
{
    /// <summary>Distinct values gathered exactly before a band is binned; a scope may set fewer (tests reach the fine histogram).</summary>
    internal static ScopedSetting<int> DistinctLimitSetting { get; } = new(1 << 21);
    /// <summary>Bins of the fine histogram.</summary>
    internal static ScopedSetting<int> FineBinsSetting { get; } = new(1 << 20);
    private static int DistinctLimit => DistinctLimitSetting.Value;
    private static int FineBinCount => FineBinsSetting.Value;

    public static KMeansFit Fit(RasterBand band, KMeansOptions options, ProgressReporter? progress, StepReporter? step,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var watch = Stopwatch.StartNew();
        var (groups, method, fine) = Gather(band, progress, cancellation, kept: kept);
        step?.Invoke($"Gathered {groups.ValidCount:N0} valid pixels of {band.Grid.PixelCount:N0} into {groups.Count:N0} distinct values ({method}) in {watch.Elapsed.TotalSeconds:F2} s.");
        KMeansOptions.RequireEnough(band.ToString(), groups.ValidCount, groups.Count, options.K);

        // A 2-class split of fine bins is made exact by reading again the values that can move it.
        var exact = fine is not null && options.K == 2 ? Refine(band, fine, progress, step, cancellation, kept) : null;
        var solved = exact ?? groups;

        watch.Restart();
        var centres = OptimalCentres(solved, options.K, cancellation);
        step?.Invoke($"Solved the optimal {options.K}-class partition in {watch.Elapsed.TotalSeconds:F2} s.");

        // Bins stand for a range of values: their partition is measured again on the pixel values.
        var thresholds = new ValueThresholds(centres);
        var tally = method == KMeansMethod.FineHistogram && exact is null
            ? TallyOnPixels(band, thresholds, progress, cancellation, kept)
            : solved.Tally(thresholds, band.Grid.PixelCount);
        var model = new KMeansModel(centres.Select(c => (IReadOnlyList<double>)[c]).ToArray(), [band.DataType], tally.Inertia, 1, true,
            options.Seed, method) { NoDataValues = [band.NoDataValue] };
        // The bins, their groups and the solver's arrays are garbage now: collected before the map
        // is written, whose GDAL cache would come on top (a 10980² index: the write's memory 60 to
        // 80 MB lower).
        if (fine is not null) GC.Collect();
        return new KMeansFit(band, model, tally);
    }

    /// <summary>The fine bins with the values that can move a 2-class split read again (<see cref="TwoClassRefinement"/>); null when too many.</summary>
    private static ValueGroups? Refine(RasterBand band, FineBins fine, ProgressReporter? progress, StepReporter? step, CancellationToken cancellation,
        KeptPixels? kept)
    {
        var watch = Stopwatch.StartNew();
        var refined = TwoClassRefinement.Refine(band, fine, progress, cancellation, kept);
        step?.Invoke(refined is null
            ? "Kept the split at a bin edge: the bins that could hold a better one hold too many values to read again."
            : $"Read again the {refined.Values:N0} values of the {refined.Bins:N0} bins that could hold a better 2-class split than a bin edge, in {watch.Elapsed.TotalSeconds:F2} s: the split will be exact.");
        return refined?.Groups;
    }

    /// <summary>
    /// The labels that <paramref name="thresholds"/> give a band, measured: from its value histogram
    /// for 8- and 16-bit bands, pixel by pixel otherwise.
    /// </summary>
    internal static ClassTally Tally(RasterBand band, ValueThresholds thresholds, ProgressReporter? progress, CancellationToken cancellation,
        KeptPixels? kept = null) =>
        PixelClassifier.LookupRange(band.DataType).Size > 0
            ? DenseHistogram(band, progress, cancellation, kept).Tally(thresholds, band.Grid.PixelCount)
            : TallyOnPixels(band, thresholds, progress, cancellation, kept);

    /// <summary>The band's valid values as weighted groups, by the cheapest exact method its type allows.</summary>
    /// <param name="exactOnly">Refuse, rather than bin, a band of more than <see cref="DistinctLimit"/> distinct values.</param>
    /// <returns>The groups, the method, and for a fine histogram its bins.</returns>
    internal static (ValueGroups Groups, KMeansMethod Method, FineBins? Bins) Gather(RasterBand band, ProgressReporter? progress,
        CancellationToken cancellation, bool exactOnly = false, KeptPixels? kept = null)
    {
        if (PixelClassifier.LookupRange(band.DataType).Size > 0) return (DenseHistogram(band, progress, cancellation, kept), KMeansMethod.ExactHistogram, null);
        var (distinct, range) = SortedDistinct(band, progress, cancellation, kept, stopWhenTooMany: exactOnly);
        if (distinct is not null) return (distinct, KMeansMethod.ExactSorted, null);
        if (exactOnly)
            throw new RasterException("TooManyDistinctValues", RasterErrorKind.NotSupported,
                $"{band} has more than {DistinctLimit:N0} distinct values: its summary would not be compact. Quantise it first (gdal_translate -scale -ot UInt16).");
        var bins = FineHistogram(band, range, progress, cancellation, kept);
        return (bins.ToGroups(), KMeansMethod.FineHistogram, bins);
    }

    /// <summary>The optimal centres for K classes of gathered groups (class means, ascending).</summary>
    internal static double[] OptimalCentres(ValueGroups groups, int k, CancellationToken cancellation)
    {
        var (ends, _) = OptimalPartition1D.Solve(groups.Weights, groups.Sums, groups.SumsOfSquares, k, cancellation);
        var centres = new double[k];
        var start = 0;
        for (var c = 0; c < k; c++)
        {
            double w = 0, s = 0;
            for (var g = start; g <= ends[c]; g++) { w += groups.Weights[g]; s += groups.Sums[g]; }
            centres[c] = s / w + groups.Shift;
            start = ends[c] + 1;
        }
        return centres;
    }

    private static ValueGroups DenseHistogram(RasterBand band, ProgressReporter? progress, CancellationToken cancellation, KeptPixels? kept)
    {
        var (offset, size) = PixelClassifier.LookupRange(band.DataType);
        var histogram = new long[size];
        var windows = WindowRunner.WindowsOf(band).Count;
        // A NoData value alone marks missing pixels: count every value and drop the NoData bin
        // afterwards, instead of testing each pixel. A mask band needs the per-pixel flags.
        var validity = ValidityPlan.Of(band);
        var masked = !validity.ValuesAloneTellMissing;
        WindowRunner.Run(band, pixels =>
        {
            var counts = new int[size];
            var raw = pixels.RawBand(0);
            var valid = masked ? pixels.Validity : default;
            switch (band.DataType)
            {
                case RasterDataType.Byte or RasterDataType.Int8:
                    Count(raw, counts, valid);
                    break;
                case RasterDataType.UInt16 or RasterDataType.Int16:
                    Count(MemoryMarshal.Cast<byte, ushort>(raw), counts, valid);
                    break;
            }
            return counts;
        }, (index, _, counts) =>
        {
            for (var v = 0; v < size; v++) histogram[v] += counts[v];
            progress?.Invoke("Reading the value histogram", (index + 1.0) / windows);
        }, cancellation, kept);
        int Bits(int value) => band.DataType switch { RasterDataType.Int8 => (byte)(sbyte)value, RasterDataType.Int16 => (ushort)(short)value, _ => value };
        if (!masked && validity.IntegerNoData(0) is long nd) histogram[Bits((int)nd)] = 0;

        // Counts were indexed by the raw bits; signed types are re-centred so values ascend.
        var values = new List<double>();
        var weights = new List<long>();
        for (var i = 0; i < size; i++)
        {
            var v = i - offset;
            var n = histogram[Bits(v)];
            if (n > 0) { values.Add(v); weights.Add(n); }
        }
        return ValueGroups.FromDistinct(values, weights);
    }

    /// <summary>Counts raw values; with validity flags, only the valid ones.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Count<T>(ReadOnlySpan<T> values, int[] counts, ReadOnlySpan<byte> valid) where T : unmanaged, IBinaryInteger<T>
    {
        if (valid.IsEmpty)
            foreach (var v in values) counts[int.CreateTruncating(v)]++;
        else
            for (var i = 0; i < values.Length; i++) counts[int.CreateTruncating(values[i])] += valid[i];
    }

    /// <summary>
    /// The sorted distinct valid values and their counts, or null when there are too many; and the
    /// range of the valid values, which a fine histogram then needs. The pass reads every window
    /// either way: once there are too many values it only measures the range, so that the pixels
    /// are decoded once, in one pass, whichever way the band is gathered.
    /// </summary>
    /// <param name="stopWhenTooMany">Stop reading once there are too many (nothing else will be gathered); the range is then partial.</param>
    private static (ValueGroups? Groups, (double Min, double Max) Range) SortedDistinct(RasterBand band, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept, bool stopWhenTooMany)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var merged = new DistinctRun.Accumulator();
        var partValues = SpareArrays<double>.ForWindowsOf(band);
        var partCounts = SpareArrays<long>.ForWindowsOf(band);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var windows = WindowRunner.WindowsOf(band).Count;
        var tooMany = 0; // set once by the consumer, read by the workers
        Func<WindowPixels, (double lo, double hi, DistinctRun Part)> compute = pixels =>
        {
            var (lo, hi) = RangeOf(pixels);
            return (lo, hi, Volatile.Read(ref tooMany) != 0 ? DistinctRun.Empty : DistinctRun.Of(pixels, partValues.Take(), partCounts.Take()));
        };
        Action<int, RasterWindow, (double lo, double hi, DistinctRun Part)> consume = (index, _, result) =>
        {
            min = Math.Min(min, result.lo);
            max = Math.Max(max, result.hi);
            if (tooMany == 0)
            {
                merged.Merge(result.Part);
                if (merged.Count > DistinctLimit)
                {
                    Volatile.Write(ref tooMany, 1);
                    merged.Clear();
                    if (stopWhenTooMany) stop.Cancel();
                }
            }
            partValues.Give(result.Part.Values);
            partCounts.Give(result.Part.Counts);
            progress?.Invoke("Reading the distinct values", (index + 1.0) / windows);
        };
        try
        {
            WindowRunner.Run(band, compute, consume, stop.Token, kept);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // stopped: too many values
        }
        if (tooMany == 0) return (merged.ToGroups(), (min, max));
        // Up to 2^21 distinct values and their counts, in two pairs of arrays, and the windows'
        // arrays, are garbage now: a full collection lets the fine histogram's arrays take their
        // memory instead of more (a 10980² index: 180 MB of large arrays).
        GC.Collect();
        return (null, (min, max));
    }

    /// <summary>The smallest and largest valid value of a window (+∞ and −∞ when none is valid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Min, double Max) RangeOf(WindowPixels pixels)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        var raw = pixels.RawBand(0);
        var valid = pixels.Validity;
        if (pixels.Types[0] == RasterDataType.Float32)
        {
            var floats = MemoryMarshal.Cast<byte, float>(raw);
            float flo = float.PositiveInfinity, fhi = float.NegativeInfinity;
            for (var i = 0; i < floats.Length; i++)
            {
                if (valid[i] == 0) continue;
                var v = floats[i];
                if (v < flo) flo = v;
                if (v > fhi) fhi = v;
            }
            return (flo, fhi);
        }
        for (var i = 0; i < pixels.Count; i++)
        {
            if (valid[i] == 0) continue;
            var v = PixelMath.ValueAt(raw, pixels.Types[0], i);
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return (lo, hi);
    }

    private static FineBins FineHistogram(RasterBand band, (double Min, double Max) range, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var windows = WindowRunner.WindowsOf(band).Count;
        var bins = new FineBins(range.Min, range.Max, FineBinCount);
        var moments = bins.Moments;
        var binsOfWindows = SpareArrays<int>.ForWindowsOf(band);
        var valuesOfWindows = SpareArrays<double>.ForWindowsOf(band);
        WindowRunner.Run(band, pixels =>
        {
            var (indices, shifted) = (binsOfWindows.Take(), valuesOfWindows.Take());
            var n = BinWindow(pixels, bins, indices, shifted);
            return (indices, shifted, n);
        }, (index, _, part) =>
        {
            for (var i = 0; i < part.n; i++)
            {
                var b = 3 * part.indices[i];
                var v = part.shifted[i];
                moments[b] += 1;
                moments[b + 1] += v;
                moments[b + 2] += v * v;
            }
            binsOfWindows.Give(part.indices);
            valuesOfWindows.Give(part.shifted);
            progress?.Invoke("Reading the fine histogram", (index + 1.0) / windows);
        }, cancellation, kept);
        // The windows' arrays are garbage now, as the distinct values were before this pass:
        // collected now, the solver and the write reuse their memory instead of taking more.
        GC.Collect();
        return bins;
    }

    /// <summary>The fine-histogram bin and the shifted value of each valid pixel of a window; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BinWindow(WindowPixels pixels, FineBins bins, int[] indices, double[] shifted)
    {
        var raw = pixels.RawBand(0);
        var valid = pixels.Validity;
        var floats = pixels.Types[0] == RasterDataType.Float32 ? MemoryMarshal.Cast<byte, float>(raw) : default;
        var shift = bins.Shift;
        var n = 0;
        for (var i = 0; i < pixels.Count; i++)
        {
            if (valid[i] == 0) continue;
            var v = floats.IsEmpty ? PixelMath.ValueAt(raw, pixels.Types[0], i) : floats[i];
            indices[n] = bins.BinOf(v);
            shifted[n++] = v - shift;
        }
        return n;
    }

    /// <summary>
    /// Labels every valid pixel by the thresholds and measures the partition on the pixel values:
    /// the counts and the squared distances to the class centres. For a fine-histogram fit these
    /// are the figures of the labels written, not of the bins.
    /// </summary>
    private static ClassTally TallyOnPixels(RasterBand band, ValueThresholds thresholds, ProgressReporter? progress, CancellationToken cancellation,
        KeptPixels? kept)
    {
        var k = thresholds.K;
        var windows = WindowRunner.WindowsOf(band).Count;
        var totals = new ClassMoments(k, thresholds.Centres.Average());
        WindowRunner.Run(band, pixels =>
        {
            var part = new ClassMoments(k, totals.Shift);
            MeasureWindow(pixels, thresholds, part);
            return part;
        }, (index, _, part) =>
        {
            totals.Add(part);
            progress?.Invoke("Measuring the classes on the pixel values", (index + 1.0) / windows);
        }, cancellation, kept);
        return totals.Tally(thresholds.Centres, band.Grid.PixelCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MeasureWindow(WindowPixels pixels, ValueThresholds thresholds, ClassMoments part)
    {
        var raw = pixels.RawBand(0);
        var valid = pixels.Validity;
        if (pixels.Types[0] == RasterDataType.Float32)
        {
            var floats = MemoryMarshal.Cast<byte, float>(raw);
            for (var i = 0; i < floats.Length; i++)
                if (valid[i] != 0) part.Add(thresholds.LabelOf(floats[i]), 1, floats[i] - part.Shift);
            return;
        }
        for (var i = 0; i < pixels.Count; i++)
        {
            if (valid[i] == 0) continue;
            var v = PixelMath.ValueAt(raw, pixels.Types[0], i);
            part.Add(thresholds.LabelOf(v), 1, v - part.Shift);
        }
    }
}
