using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// Assesses a class map against reference data. A reference raster is put onto the map's grid by
/// GDAL (nearest neighbour, reprojected when its CRS differs: <see cref="RasterWarp"/>) and read window by window
/// beside the map, so memory does not grow with the map; every pixel valid in both is a sample.
/// The samples are tallied as (map label, reference value) pairs, the classes are paired
/// (<see cref="ClassMatching"/>), and the matrix's figures computed (<see cref="AccuracyFigures"/>).
/// </summary>
public static class ClassAccuracyAssessment
{
    /// <param name="map">A <see cref="ClassMap"/> or an integer class-map band.</param>
    /// <param name="warn">Receives what the user should know but that does not stop the assessment.</param>
    public static ClassAccuracyReport Measure(object map, ClassAccuracyOptions options, Action<string>? warn = null,
        ProgressReporter? progress = null, CancellationToken cancellation = default)
    {
        var assessed = AssessedMap.Of(map, options.ClassNames);
        var reference = ReferenceData.Read(assessed, options, warn, progress, cancellation);
        if (reference.SampleCount == 0)
            throw new RasterException("NoOverlap", RasterErrorKind.Mismatch,
                $"'{options.Reference}' and {assessed.Name} have no valid pixel in common: do they cover the same ground?");

        var mapClasses = assessed.Classes(reference.Counts.Keys.Select(k => k.Map));
        var matched = ClassMatching.Match(mapClasses, reference.Classes, reference.Counts, options.ClassMap);
        var classes = matched.Classes;
        var k = classes.Count;
        var n = new long[k, k];
        var row = new Dictionary<long, int>();
        var column = new Dictionary<long, int>();
        for (var i = 0; i < k; i++)
        {
            if (classes[i].Map is { } m) row[m.Value] = i;
            if (classes[i].Reference is { } r) column[r.Code] = i;
        }
        foreach (var ((m, r), count) in reference.Counts) n[row[m], column[r]] += count;

        foreach (var c in classes)
        {
            if (c.Map is not null && c.Reference is not null && Enumerable.Range(0, k).All(i => n[i, column[c.Reference.Code]] == 0))
                warn?.Invoke($"The reference has no sample of {c.Reference.Label} (paired with the map's {c.Map.Label}): its producer's accuracy is unknown.");
            else if (c.Map is not null && c.Reference is null && Enumerable.Range(0, k).Any(j => n[row[c.Map.Value], j] > 0))
                warn?.Invoke($"The map's class {c.Map.Label} has no reference class: none of its {Enumerable.Range(0, k).Sum(j => n[row[c.Map.Value], j])} samples can agree.");
        }

        var stratified = options.Stratified || reference.IsStratifiedSample;
        double[]? strata = null;
        string unit = "";
        if (stratified)
        {
            if (reference.Kind != "Points")
                throw new RasterException("StratifiedNeedsPoints", RasterErrorKind.InvalidArgument,
                    "-Stratified estimates apply to a sample of points drawn per map class (New-AccuracySample), not to a wall-to-wall reference.");
            var rows = assessed.Measure(cancellation).Where(r => !r.IsNoData).ToArray();
            unit = rows.FirstOrDefault()?.AreaUnit ?? "";
            // Strata weights are areas (exact on a geographic grid); without a known area, pixel counts.
            var byValue = rows.ToDictionary(r => (long)r.Class!.Value, r => unit.Length > 0 && r.Area is double a ? a : r.PixelCount);
            if (unit.Length == 0) unit = "pixels";
            strata = classes.Select(c => c.Map is { } m ? byValue.GetValueOrDefault(m.Value) : 0).ToArray();
        }
        var names = classes.Select(c => c.Name).ToArray();
        var figures = strata is null ? AccuracyFigures.FromCounts(n) : AccuracyFigures.Stratified(n, strata, names);

        var report = new List<ClassAccuracy>();
        for (var i = 0; i < k; i++)
        {
            long rowSum = 0, colSum = 0;
            for (var j = 0; j < k; j++) { rowSum += n[i, j]; colSum += n[j, i]; }
            var f = figures.Rows[i];
            report.Add(new ClassAccuracy(names[i], classes[i].Map?.Value, classes[i].Reference?.Value, rowSum, colSum, n[i, i],
                f.User, f.Producer, f.F1, f.IoU, f.UserCI, f.ProducerCI, strata?[i], f.EstimatedArea, f.EstimatedAreaCI, unit));
        }
        var matrix = Enumerable.Range(0, k).Select(i => (IReadOnlyList<long>)Enumerable.Range(0, k).Select(j => n[i, j]).ToArray()).ToArray();
        return new ClassAccuracyReport(assessed.Name, options.Reference, reference.Kind, matched.Matching, matched.Assignment, names, matrix,
            reference.SampleCount, figures.OverallAccuracy, figures.OverallAccuracyCI, figures.Kappa, stratified, report,
            strata?.Sum(), unit);
    }
}
