using RasterCmdlets.Core.Indices;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// The SIMD evaluator of index formulas against a pixel-by-pixel evaluation in double
/// (<see cref="IndexFormula.EvaluateOne"/>), on random values with NoData, NaN, masked pixels, 0/0
/// and lengths that leave a tail after the vectors.
/// </summary>
public class IndexEvaluatorTests
{
    public static TheoryData<string> Formulas => new()
    {
        "(a - b) / (a + b)",
        "4 * (a - c) - (0.25 * b + 2.75 * c)",
        "sqrt(abs(a - b)) + min(a, c) * 2 - max(b, 0.05) / 3",
        "-a + +b - (c)",
        "a",
        "1 / 2 + a * 0",
        "(a - b) / (a - b)",
    };

    [Theory]
    [MemberData(nameof(Formulas))]
    public void TheWindowEqualsThePixelByPixelEvaluation(string text)
    {
        var formula = IndexFormula.Parse(text, ["a", "b", "c"]);
        var random = new Random(7);
        const int n = 5003; // chunks of 2048 and a tail that is not a whole vector
        var inputs = new[] { new IndexInput(0.0001, -0.1, 0), new IndexInput(1, 0, null), new IndexInput(0.5, 3, 65535) };
        var sources = new float[4][];
        for (var s = 0; s < 4; s++) sources[s] = new float[n];
        for (var i = 0; i < n; i++)
        {
            sources[0][i] = random.Next(10) == 0 ? 0 : random.Next(0, 3000);
            sources[1][i] = random.Next(50) == 0 ? float.NaN : (float)(random.NextDouble() * 2 - 1);
            sources[2][i] = random.Next(30) == 0 ? 65535 : random.Next(0, 20);
            sources[3][i] = random.Next(0, 12); // a scene classification
        }
        for (var i = 100; i < 140; i++) { sources[0][i] = 1000; sources[1][i] = 0; sources[2][i] = -6; } // 0 everywhere: 0/0
        var masks = new[] { new IndexMask([3, 8, 9]) };
        var output = new float[n];
        new IndexEvaluator(formula, inputs, masks).Evaluate(sources, output);

        var valid = 0;
        for (var i = 0; i < n; i++)
        {
            var missing = sources[0][i] == 0 || float.IsNaN(sources[1][i]) || sources[2][i] == 65535 || sources[3][i] is 3 or 8 or 9;
            double[] physical = [sources[0][i] * 0.0001 - 0.1, sources[1][i], sources[2][i] * 0.5 + 3];
            var expected = (float)formula.EvaluateOne(physical);
            if (missing || !float.IsFinite(expected))
                Assert.True(float.IsNaN(output[i]), $"pixel {i}: {output[i]} where NaN was expected");
            else
            {
                Assert.Equal(expected, output[i]);
                valid++;
            }
        }
        Assert.True(valid > n / 3);
    }

    [Fact]
    public void ZeroOverZeroAndDivisionByZeroAreNaNNeverZero()
    {
        var formula = IndexFormula.Parse("(a - b) / (a + b)", ["a", "b"]);
        var inputs = new[] { new IndexInput(1, 0, null), new IndexInput(1, 0, null) };
        float[][] sources = [[0, 1, 0, 2, 5, 0, 0, 0, 0, 0, 0, 3], [0, -1, 0, 2, 5, 0, 0, 0, 0, 0, 0, 1]];
        var output = new float[12];
        new IndexEvaluator(formula, inputs, []).Evaluate(sources, output);
        Assert.Equal([float.NaN, float.NaN, float.NaN, 0, 0, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, 0.5f], output);
    }

    [Theory]
    [InlineData("(a - ", "InvalidExpression")]
    [InlineData("a % 2", "InvalidExpression")]
    [InlineData("a > b", "InvalidExpression")]
    [InlineData("Math.Pow(a, 2)", "UnknownBandName")]
    [InlineData("a + B99", "UnknownBandName")]
    [InlineData("", "InvalidExpression")]
    public void AWrongFormulaIsAnErrorThatNamesIt(string text, string errorId)
    {
        var e = Assert.Throws<RasterException>(() => IndexFormula.Parse(text, ["a", "b"]));
        Assert.Equal(errorId, e.ErrorId);
        if (errorId == "UnknownBandName") Assert.Contains(text.Contains("B99") ? "B99" : "Math", e.Message);
    }

    [Fact]
    public void NamesAreCaseInsensitiveAndFunctionsAreKnown()
    {
        var formula = IndexFormula.Parse("(b03 - B11) / (B03 + b11) + ABS(-1) - Sqrt(1)", ["B03", "B11"]);
        Assert.Equal(0.5 / 1.5, formula.EvaluateOne([1.0, 0.5]), 12);
    }
}
