using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using ScottPlot;

namespace RasterCmdlets.Pictures;

/// <summary>
/// The elbow chart of Measure-KMeansCluster: inertia (left axis, from 0) and mean silhouette
/// (right axis, up to 1) against K, drawn with ScottPlot into a PNG.
/// </summary>
internal static class ElbowChart
{
    public static void Save(IReadOnlyList<KMeansScore> scores, string path, int width, int height, string title)
    {
        SkiaNativeLibrary.EnsureResolver();
        try
        {
            Draw(scores, path, width, height, title);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new RasterException("PlottingLibraryNotLoaded", RasterErrorKind.Unavailable,
                $"The plotting library could not be loaded: {e.Message}") { Target = path };
        }
    }

    // Apart from Save so that the resolver is in place before SkiaSharp's types are touched.
    private static void Draw(IReadOnlyList<KMeansScore> scores, string path, int width, int height, string title)
    {
        var ordered = scores.OrderBy(s => s.K).ToArray();
        var ks = ordered.Select(s => (double)s.K).ToArray();
        var inertia = ordered.Select(s => s.Inertia).ToArray();
        var silhouette = ordered.Select(s => s.Silhouette).ToArray();
        var blue = new Color(31, 119, 180);
        var orange = new Color(230, 110, 0);

        var plot = new Plot();
        var inertiaLine = plot.Add.Scatter(ks, inertia);
        inertiaLine.LegendText = "Inertia (left axis)";
        inertiaLine.Color = blue;
        inertiaLine.LineWidth = 2;
        inertiaLine.MarkerSize = 9;

        var silhouetteLine = plot.Add.Scatter(ks, silhouette);
        silhouetteLine.LegendText = "Mean silhouette (right axis)";
        silhouetteLine.Color = orange;
        silhouetteLine.LineWidth = 2;
        silhouetteLine.MarkerSize = 9;
        silhouetteLine.MarkerShape = MarkerShape.FilledSquare;
        silhouetteLine.LinePattern = LinePattern.Dashed;
        silhouetteLine.Axes.YAxis = plot.Axes.Right;

        plot.Axes.Bottom.Label.Text = "K (number of classes)";
        plot.Axes.Left.Label.Text = "Inertia";
        plot.Axes.Left.Label.ForeColor = blue;
        plot.Axes.Right.Label.Text = "Mean silhouette";
        plot.Axes.Right.Label.ForeColor = orange;
        plot.Axes.Bottom.SetTicks(ks, ks.Select(k => k.ToString("0")).ToArray());
        // Inertia from 0 and silhouette up to 1 keep the two curves apart and their scales honest.
        var spanK = ks.Length > 1 ? ks[^1] - ks[0] : 1;
        plot.Axes.SetLimitsX(ks[0] - 0.05 * spanK - 0.1, ks[^1] + 0.05 * spanK + 0.1);
        plot.Axes.SetLimitsY(0, Math.Max(inertia.Max(), 1e-12) * 1.08, plot.Axes.Left);
        plot.Axes.SetLimitsY(Math.Min(0, silhouette.Min() - 0.05), 1, plot.Axes.Right);
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, width, height);
    }
}
