using System.Runtime.InteropServices;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// The SIMD labeller of 8- and 16-bit bands against the definition of a label: the nearest centre
/// (ties to the lower class), found here by trying every centre, for every value the type can hold.
/// </summary>
public class StepLabellerTests
{
    public static TheoryData<RasterDataType, int, bool> Cases()
    {
        var cases = new TheoryData<RasterDataType, int, bool>();
        foreach (var type in new[] { RasterDataType.Byte, RasterDataType.Int8, RasterDataType.UInt16, RasterDataType.Int16 })
            foreach (var k in new[] { 2, 3, 7, 16 })
                foreach (var noData in new[] { false, true })
                    cases.Add(type, k, noData);
        return cases;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void FloatsTakeTheLabelTheirValueAsADoubleTakes(int k)
    {
        // Centres whose midpoints fall between two floats, on a float, and beyond the float range;
        // the floats tried are those around each midpoint, every special value, and random ones.
        var random = new Random(k);
        var centres = Enumerable.Range(0, k).Select(c => c switch
        {
            0 => -1e300,
            1 when k > 2 => 0.1,
            _ => random.NextDouble() * 2 - 1 + c,
        }).Order().ToArray();
        var thresholds = new ValueThresholds(centres);
        var values = new List<float> { 0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon };
        for (var c = 0; c + 1 < k; c++)
        {
            var m = (float)((centres[c] + centres[c + 1]) / 2);
            for (var step = -3; step <= 3; step++) values.Add(step < 0 ? Nudge(m, step, MathF.BitDecrement) : Nudge(m, step, MathF.BitIncrement));
        }
        values.AddRange(Enumerable.Range(0, 1001).Select(_ => (float)(random.NextDouble() * (k + 2) - 2)));
        var floats = values.ToArray();
        var bytes = new byte[floats.Length];
        var shorts = new ushort[floats.Length];
        thresholds.Label<byte>(floats, bytes);
        thresholds.Label<ushort>(floats, shorts);
        for (var i = 0; i < floats.Length; i++)
        {
            var expected = thresholds.LabelOf((double)floats[i]);
            Assert.Equal(expected, thresholds.LabelOf(floats[i]));
            Assert.Equal(expected, shorts[i]);
            Assert.Equal((byte)expected, bytes[i]);
        }

        static float Nudge(float value, int steps, Func<float, float> step)
        {
            for (var s = 0; s < Math.Abs(steps); s++) value = step(value);
            return value;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LabelsEveryValueWithItsNearestCentre(RasterDataType type, int k, bool withNoData)
    {
        var (offset, size) = PixelClassifier.LookupRange(type);
        var random = new Random(k * 31 + (int)type);
        var centres = Enumerable.Range(0, k).Select(_ => random.NextDouble() * size - offset).Order().ToArray();
        const ushort noDataLabel = 250;
        int? noDataIndex = withNoData ? random.Next(size) : null;

        ushort Nearest(int value)
        {
            var best = 0;
            for (var c = 1; c < k; c++)
                if (Math.Abs(value - centres[c]) < Math.Abs(value - centres[best])) best = c;
            return (ushort)best;
        }
        var expected = new ushort[size];
        for (var index = 0; index < size; index++) expected[index] = index == noDataIndex ? noDataLabel : Nearest(index - offset);

        var labeller = StepLabeller.For(type, expected, noDataIndex);
        Assert.NotNull(labeller);

        // Every value once, shuffled, and an odd count so that the scalar tail runs too.
        var indices = Enumerable.Range(0, size).Concat(Enumerable.Range(0, 13)).ToArray();
        random.Shuffle(indices);
        var raw = RawOf(type, indices, offset);
        var bytes = new byte[indices.Length];
        var shorts = new ushort[indices.Length];
        labeller.Label<byte>(raw, bytes);
        labeller.Label<ushort>(raw, shorts);
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(expected[indices[i]], shorts[i]);
            Assert.Equal((byte)expected[indices[i]], bytes[i]);
        }
    }

    [Fact]
    public void ATableThatIsNotAStepFunctionGetsNoLabeller()
    {
        var lookup = new ushort[256];
        for (var v = 100; v < 256; v++) lookup[v] = 1;
        lookup[50] = 1; // a value labelled above its neighbours: not the labels of any centres
        Assert.Null(StepLabeller.For(RasterDataType.Byte, lookup, null));
        Assert.NotNull(StepLabeller.For(RasterDataType.Byte, lookup, 50));
    }

    [Fact]
    public void TooManyClassesForCompares()
    {
        var lookup = new ushort[256];
        for (var v = 0; v < 256; v++) lookup[v] = (ushort)(v / 8); // 32 classes
        Assert.Null(StepLabeller.For(RasterDataType.Byte, lookup, null));
    }

    /// <summary>The raw bytes of the values index - offset, as a band of that type stores them.</summary>
    private static byte[] RawOf(RasterDataType type, int[] indices, int offset) => type switch
    {
        RasterDataType.Byte => indices.Select(i => (byte)i).ToArray(),
        RasterDataType.Int8 => indices.Select(i => (byte)(sbyte)(i - offset)).ToArray(),
        RasterDataType.UInt16 => MemoryMarshal.AsBytes(indices.Select(i => (ushort)i).ToArray().AsSpan()).ToArray(),
        _ => MemoryMarshal.AsBytes(indices.Select(i => (short)(i - offset)).ToArray().AsSpan()).ToArray(),
    };
}
