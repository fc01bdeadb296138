using System.Text;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// How well a class map agrees with reference data: the confusion matrix (rows are the map's
/// classes, columns the reference's, in the order of <see cref="ClassNames"/>), overall accuracy,
/// Cohen's kappa and one row per class. With <see cref="Stratified"/>, the accuracies are the
/// stratified estimates of Olofsson et al. (2014), the map's classes being the strata, with 95%
/// confidence intervals and each class's estimated area; the raw counts stay in the matrix, and
/// kappa is computed from them.
/// </summary>
/// <param name="Map">What was assessed (the map's source).</param>
/// <param name="Reference">The reference file.</param>
/// <param name="ReferenceKind">Raster, Points or Polygons.</param>
/// <param name="Matching">How map and reference classes were paired: Name, ClassMap or Agreement (the assignment maximising agreement).</param>
/// <param name="Assignment">Each pair as "map → reference" (a class either side lacks has "(none)").</param>
/// <param name="ClassNames">The classes, in the order of the matrix's rows and columns.</param>
/// <param name="ConfusionMatrix">Counts: ConfusionMatrix[map class][reference class].</param>
/// <param name="SampleCount">Pixels (or points) counted: valid in both the map and the reference.</param>
/// <param name="MapArea">The map's valid area (stratified only): the strata's total, in <paramref name="AreaUnit"/>.</param>
public sealed record ClassAccuracyReport(
    string Map, string Reference, string ReferenceKind, string Matching, IReadOnlyList<string> Assignment,
    IReadOnlyList<string> ClassNames, IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix, long SampleCount,
    double OverallAccuracy, double? OverallAccuracyCI, double? Kappa, bool Stratified,
    IReadOnlyList<ClassAccuracy> Classes, double? MapArea, string AreaUnit)
{
    /// <summary>Says which way the matrix reads (scikit-learn's confusion_matrix(reference, map) is its transpose).</summary>
    public string MatrixOrder => "rows: map classes; columns: reference classes (ConfusionMatrix[map][reference])";

    /// <summary>The matrix transposed: rows are the reference's classes, columns the map's (scikit-learn's order).</summary>
    public IReadOnlyList<IReadOnlyList<long>> ConfusionMatrixByReference =>
        Enumerable.Range(0, ClassNames.Count).Select(r => (IReadOnlyList<long>)ConfusionMatrix.Select(row => row[r]).ToArray()).ToArray();

    /// <summary>The matrix as text, with its row and column totals.</summary>
    public string MatrixText()
    {
        var width = Math.Max(8, ClassNames.Append("Map \\ Ref").Max(n => n.Length) + 1);
        var cell = Math.Max(9, ConfusionMatrix.SelectMany(r => r).Append(SampleCount).Max().ToString().Length + 2);
        var text = new StringBuilder();
        text.Append("Map \\ Ref".PadRight(width));
        foreach (var name in ClassNames) text.Append(Fit(name, cell - 1).PadLeft(cell));
        text.Append("Total".PadLeft(cell)).AppendLine();
        for (var i = 0; i < ClassNames.Count; i++)
        {
            text.Append(ClassNames[i].PadRight(width));
            foreach (var n in ConfusionMatrix[i]) text.Append(n.ToString().PadLeft(cell));
            text.Append(ConfusionMatrix[i].Sum().ToString().PadLeft(cell)).AppendLine();
        }
        text.Append("Total".PadRight(width));
        for (var j = 0; j < ClassNames.Count; j++) text.Append(ConfusionMatrix.Sum(r => r[j]).ToString().PadLeft(cell));
        text.Append(SampleCount.ToString().PadLeft(cell));
        return text.ToString();
    }

    private static string Fit(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    public override string ToString() =>
        $"{Map} against {Reference}: overall accuracy {100 * OverallAccuracy:F2}%" +
        (OverallAccuracyCI is double ci ? $" ± {100 * ci:F2}%" : "") + $", kappa {Kappa:F4}, {SampleCount} samples";
}
