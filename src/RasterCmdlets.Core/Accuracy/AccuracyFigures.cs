using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// The figures of a square confusion matrix (rows: map classes, columns: reference classes): as
/// scikit-learn's sklearn.metrics compute them from the counts, or, for a stratified random sample
/// of the map's classes, Olofsson et al.'s (2014, Remote Sensing of Environment 148: 42–57)
/// estimators, equations 2–11, with the strata weighed by their area on the map.
/// </summary>
internal static class AccuracyFigures
{
    /// <summary>z of a two-sided 95% confidence interval.</summary>
    private const double Z95 = 1.96;

    public sealed record Result(double OverallAccuracy, double? OverallAccuracyCI, double? Kappa, IReadOnlyList<Row> Rows);

    public sealed record Row(double? User, double? Producer, double? F1, double? IoU, double? UserCI, double? ProducerCI,
        double? EstimatedArea, double? EstimatedAreaCI);

    /// <summary>Proportions of the counts: overall accuracy, Cohen's kappa, per class user's and producer's accuracy, F1, IoU.</summary>
    public static Result FromCounts(long[,] n)
    {
        var k = n.GetLength(0);
        var (rows, cols, total, diagonal) = Margins(n);
        var overall = total > 0 ? (double)diagonal / total : double.NaN;
        // Cohen's kappa as sklearn.metrics.cohen_kappa_score: (po − pe) / (1 − pe).
        double expected = 0;
        for (var i = 0; i < k; i++) expected += (double)rows[i] * cols[i];
        expected /= (double)total * total;
        double? kappa = total > 0 && expected < 1 ? (overall - expected) / (1 - expected) : null;
        var figures = new Row[k];
        for (var i = 0; i < k; i++)
        {
            var nii = n[i, i];
            figures[i] = new Row(Ratio(nii, rows[i]), Ratio(nii, cols[i]), Ratio(2 * nii, rows[i] + cols[i]), Ratio(nii, rows[i] + cols[i] - nii),
                null, null, null, null);
        }
        return new Result(overall, null, kappa, figures);
    }

    /// <summary>
    /// Olofsson et al.'s stratified estimators: <paramref name="stratumArea"/>[i] is the map's area
    /// of class i (0 for a class the map does not have), the strata's weights W_i are their shares
    /// of the total. Areas are estimated in the unit of <paramref name="stratumArea"/>.
    /// </summary>
    /// <exception cref="RasterException">StratumNotSampled: a class of the map has no sample.</exception>
    public static Result Stratified(long[,] n, IReadOnlyList<double> stratumArea, IReadOnlyList<string> names)
    {
        var k = n.GetLength(0);
        var (rows, _, _, _) = Margins(n);
        var total = stratumArea.Sum();
        var w = stratumArea.Select(a => total > 0 ? a / total : 0).ToArray();
        for (var i = 0; i < k; i++)
            if (w[i] > 0 && rows[i] == 0)
                throw new RasterException("StratumNotSampled", RasterErrorKind.InvalidData,
                    $"The map's class {names[i]} has no sample point: a stratified estimate needs points in every class of the map.");

        // p_ij = W_i n_ij / n_i. (equation 4): the estimated share of the area in map class i and reference class j.
        var p = new double[k, k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                p[i, j] = rows[i] > 0 ? w[i] * n[i, j] / rows[i] : 0;
        var pCol = new double[k];
        for (var j = 0; j < k; j++)
            for (var i = 0; i < k; i++) pCol[j] += p[i, j];

        // Variances divide by n_i. − 1: a stratum of one sample has no estimable variance.
        bool Estimable(int i) => rows[i] > 1 || w[i] == 0;
        var allEstimable = Enumerable.Range(0, k).All(Estimable);

        double overall = 0, overallVariance = 0;
        var user = new double?[k];
        for (var i = 0; i < k; i++)
        {
            overall += p[i, i];
            if (rows[i] == 0) continue;
            var u = (double)n[i, i] / rows[i];
            user[i] = u;
            if (rows[i] > 1) overallVariance += w[i] * w[i] * u * (1 - u) / (rows[i] - 1); // equation 5
        }

        // Estimated pixel totals per map class, for producer's accuracy's variance (equation 7): N_i. are the strata's sizes.
        var nHatCol = new double[k];
        for (var j = 0; j < k; j++)
            for (var i = 0; i < k; i++)
                if (rows[i] > 0) nHatCol[j] += stratumArea[i] / rows[i] * n[i, j];

        var rowsOut = new Row[k];
        var counts = FromCounts(n);
        for (var j = 0; j < k; j++)
        {
            double? producer = pCol[j] > 0 ? p[j, j] / pCol[j] : null;
            double? userCI = user[j] is double u && rows[j] > 1 ? Z95 * Math.Sqrt(u * (1 - u) / (rows[j] - 1)) : null;
            double? producerCI = null;
            if (producer is double pj && user[j] is double uj && allEstimable && nHatCol[j] > 0)
            {
                var first = stratumArea[j] * stratumArea[j] * (1 - pj) * (1 - pj) * uj * (1 - uj) / (rows[j] - 1);
                double second = 0;
                for (var i = 0; i < k; i++)
                {
                    if (i == j || rows[i] == 0) continue;
                    var share = (double)n[i, j] / rows[i];
                    second += stratumArea[i] * stratumArea[i] * share * (1 - share) / (rows[i] - 1);
                }
                producerCI = Z95 * Math.Sqrt((first + pj * pj * second) / (nHatCol[j] * nHatCol[j]));
            }
            // Standard error of the area share of reference class j (equation 10), and the area (equations 9, 11).
            double? areaCI = null;
            if (allEstimable)
            {
                double variance = 0;
                for (var i = 0; i < k; i++)
                {
                    if (rows[i] < 2) continue;
                    var share = (double)n[i, j] / rows[i];
                    variance += w[i] * w[i] * share * (1 - share) / (rows[i] - 1);
                }
                areaCI = Z95 * total * Math.Sqrt(variance);
            }
            double? f1 = user[j] is double uf && producer is double pf && uf + pf > 0 ? 2 * uf * pf / (uf + pf) : counts.Rows[j].F1;
            double? iou = user[j] is double ui && producer is double pi && ui + pi - ui * pi > 0 ? ui * pi / (ui + pi - ui * pi) : counts.Rows[j].IoU;
            rowsOut[j] = new Row(user[j], producer, f1, iou, userCI, producerCI, total * pCol[j], areaCI);
        }
        return new Result(overall, allEstimable ? Z95 * Math.Sqrt(overallVariance) : null, counts.Kappa, rowsOut);
    }

    private static (long[] Rows, long[] Cols, long Total, long Diagonal) Margins(long[,] n)
    {
        var k = n.GetLength(0);
        var rows = new long[k];
        var cols = new long[k];
        long total = 0, diagonal = 0;
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                rows[i] += n[i, j];
                cols[j] += n[i, j];
                total += n[i, j];
                if (i == j) diagonal += n[i, j];
            }
        return (rows, cols, total, diagonal);
    }

    private static double? Ratio(long a, long b) => b > 0 ? (double)a / b : null;
}
