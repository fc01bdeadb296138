using RasterCmdlets.Core.Clustering;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>The dynamic programme against an exhaustive search over every labelling of small inputs.</summary>
public class OptimalPartitionTests
{
    /// <summary>Minimum inertia over all K^n assignments of n weighted points: no contiguity assumed.</summary>
    private static double Exhaustive(double[] values, double[] weights, int k)
    {
        var n = values.Length;
        var best = double.PositiveInfinity;
        var labels = new int[n];
        var total = (long)Math.Pow(k, n);
        for (long code = 0; code < total; code++)
        {
            var c = code;
            for (var i = 0; i < n; i++) { labels[i] = (int)(c % k); c /= k; }
            var inertia = 0.0;
            for (var cls = 0; cls < k; cls++)
            {
                double w = 0, s = 0;
                for (var i = 0; i < n; i++) if (labels[i] == cls) { w += weights[i]; s += weights[i] * values[i]; }
                if (w == 0) { inertia = double.PositiveInfinity; break; }
                var mean = s / w;
                for (var i = 0; i < n; i++) if (labels[i] == cls) inertia += weights[i] * (values[i] - mean) * (values[i] - mean);
            }
            best = Math.Min(best, inertia);
        }
        return best;
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    public void MatchesExhaustiveSearch(int k, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = random.Next(k, 9);
            var values = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 100, 2)).Distinct().Order().ToArray();
            if (values.Length < k) continue;
            var weights = values.Select(_ => (double)random.Next(1, 20)).ToArray();
            var (ends, cost) = OptimalPartition1D.Solve(weights, values.Select((v, i) => v * weights[i]).ToArray(),
                values.Select((v, i) => v * v * weights[i]).ToArray(), k);
            var expected = Exhaustive(values, weights, k);
            Assert.Equal(expected, cost, expected * 1e-9 + 1e-9);
            Assert.Equal(values.Length - 1, ends[^1]);
            Assert.True(ends.Zip(ends.Skip(1)).All(p => p.First < p.Second), "clusters are non-empty runs");
        }
    }

    [Fact]
    public void TwoClassesIsOtsusThreshold()
    {
        // Otsu: the threshold maximising between-class variance, found by trying every split.
        var random = new Random(7);
        var histogram = Enumerable.Range(0, 256).Select(v => (double)(int)(1000 * (Math.Exp(-Math.Pow(v - 60, 2) / 200) + 0.6 * Math.Exp(-Math.Pow(v - 170, 2) / 800)) + random.Next(3))).ToArray();
        var values = Enumerable.Range(0, 256).Where(v => histogram[v] > 0).Select(v => (double)v).ToArray();
        var weights = values.Select(v => histogram[(int)v]).ToArray();
        double total = weights.Sum(), mean = values.Zip(weights).Sum(p => p.First * p.Second) / total;
        var bestBetween = -1.0;
        var otsu = -1;
        double w0 = 0, s0 = 0;
        for (var i = 0; i + 1 < values.Length; i++)
        {
            w0 += weights[i]; s0 += weights[i] * values[i];
            var w1 = total - w0;
            var between = w0 * w1 * Math.Pow(s0 / w0 - (mean * total - s0) / w1, 2);
            if (between > bestBetween) { bestBetween = between; otsu = i; }
        }
        var (ends, _) = OptimalPartition1D.Solve(weights, values.Select((v, i) => v * weights[i]).ToArray(),
            values.Select((v, i) => v * v * weights[i]).ToArray(), 2);
        Assert.Equal(otsu, ends[0]);
    }
}
