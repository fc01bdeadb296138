namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// One class of an accuracy assessment: a map class and the reference class it was matched with
/// (either may be missing), its counts in the confusion matrix and its figures. User's accuracy is
/// the share of the map's pixels of the class that the reference agrees with (1 − commission
/// error), producer's accuracy the share of the reference's that the map found (1 − omission
/// error). In a stratified assessment they, and the areas, are Olofsson et al.'s (2014) estimates,
/// with the half-widths of their 95% confidence intervals; otherwise the CIs and areas are null.
/// </summary>
/// <param name="Class">The class's name: the map's, else the reference's, else "Class N".</param>
/// <param name="MapValue">The map's label of the class; null for a reference class the map lacks.</param>
/// <param name="ReferenceValue">The reference's value (pixel value or field value); null for a map class the reference lacks.</param>
/// <param name="MapCount">Samples the map puts in the class (its row of the confusion matrix).</param>
/// <param name="ReferenceCount">Samples the reference puts in the class (its column).</param>
/// <param name="Agreement">Samples both put in the class (the diagonal).</param>
/// <param name="MapArea">The class's area on the map (stratified only), in <paramref name="AreaUnit"/>.</param>
public sealed record ClassAccuracy(
    string Class, long? MapValue, string? ReferenceValue,
    long MapCount, long ReferenceCount, long Agreement,
    double? UserAccuracy, double? ProducerAccuracy, double? F1, double? IoU,
    double? UserAccuracyCI, double? ProducerAccuracyCI,
    double? MapArea, double? EstimatedArea, double? EstimatedAreaCI, string AreaUnit)
{
    public override string ToString() =>
        $"{Class}: user's {Percent(UserAccuracy)}, producer's {Percent(ProducerAccuracy)}";

    private static string Percent(double? v) => v is double x ? $"{100 * x:F1}%" : "n/a";
}
