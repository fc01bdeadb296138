using System.Globalization;
using RasterCmdlets.Core.Changes;
using RasterCmdlets.Core.Rasters;
using ScottPlot;

namespace RasterCmdlets.Pictures;

/// <summary>
/// A class's area per date (left axis, from 0) with the valid fraction of each date's map as grey
/// bars behind it (right axis, 0 to 100 %, each labelled), drawn with ScottPlot into a PNG: a date
/// whose area dips while half its map was clouded reads at once as a gap, not as a drought.
/// </summary>
internal static class ClassAreaChart
{
    public static void Save(IReadOnlyList<ClassAreaPoint> points, string path, int width, int height, string title)
    {
        try
        {
            SkiaNativeLibrary.EnsureResolver();
            Draw(points, path, width, height, title);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new RasterException("PlottingLibraryNotLoaded", RasterErrorKind.Unavailable,
                $"The plotting library could not be loaded: {e.Message}") { Target = path };
        }
    }

    /// <summary>Areas in km² or hectares when they are in m², as they read best; in their own unit otherwise.</summary>
    private static (double Scale, string Unit) Unit(IReadOnlyList<ClassAreaPoint> points)
    {
        var unit = points[0].AreaUnit;
        if (unit != "m²") return (1, unit);
        return points.Max(p => p.Area) >= 1e6 ? (1e-6, "km²") : (1e-4, "ha");
    }

    // Apart from Save so that the resolver is in place before SkiaSharp's types are touched.
    private static void Draw(IReadOnlyList<ClassAreaPoint> points, string path, int width, int height, string title)
    {
        var dated = points.All(p => p.Time is not null);
        var ordered = dated ? points.OrderBy(p => p.Time).ToArray() : points.ToArray();
        var xs = dated ? ordered.Select(p => p.Time!.Value.ToOADate()).ToArray() : ordered.Select((_, i) => (double)i + 1).ToArray();
        var (scale, unit) = Unit(ordered);
        var areas = ordered.Select(p => p.Area * scale).ToArray();
        var blue = new Color(31, 119, 180);
        var span = xs.Length > 1 ? xs[^1] - xs[0] : 1;
        var grey = new Color(150, 150, 150);

        var plot = new Plot();
        if (ordered.Any(p => p.ValidFraction is not null))
        {
            // Bars as wide as 60 % of the closest two dates, so that they never overlap.
            var gap = Gap(xs);
            var bars = ordered.Select((p, i) => new Bar
            {
                Position = xs[i],
                Value = 100 * (p.ValidFraction ?? 0),
                Size = gap * 0.6,
                FillColor = grey.WithAlpha(0.35),
                LineColor = grey.WithAlpha(0.6),
                CenterLabel = true,
                Label = p.ValidFraction is double f ? f.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "") : "",
            }).ToList();
            var valid = plot.Add.Bars(bars);
            valid.LegendText = "Valid fraction of the map (right axis)";
            valid.ValueLabelStyle.ForeColor = grey.Darken(0.3);
            valid.ValueLabelStyle.FontSize = 11;
            valid.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Valid (%)";
            plot.Axes.Right.Label.ForeColor = grey.Darken(0.3);
            plot.Axes.SetLimitsY(0, 115, plot.Axes.Right);
        }

        var line = plot.Add.Scatter(xs, areas);
        line.LegendText = $"Area ({unit}, left axis)";
        line.Color = blue;
        line.LineWidth = 2;
        line.MarkerSize = 9;
        plot.Axes.Left.Label.Text = $"Area ({unit})";
        plot.Axes.Left.Label.ForeColor = blue;
        plot.Axes.SetLimitsY(0, Math.Max(areas.Max(), 1e-12) * 1.15, plot.Axes.Left);

        var margin = Math.Max(0.06 * span, 0.4 * Gap(xs)) + 0.5;
        plot.Axes.SetLimitsX(xs[0] - margin, xs[^1] + margin);
        // Each observation is labelled with its date (every few of them when there are many),
        // placed by time, so that uneven gaps between dates show.
        var every = (int)Math.Ceiling(xs.Length / 14.0);
        var labels = ordered.Select((p, i) => i % every != 0 ? "" : dated
            ? p.Time!.Value.ToString(p.Time.Value.TimeOfDay == TimeSpan.Zero || span > 3 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : p.Label).ToArray();
        plot.Axes.Bottom.SetTicks(xs, labels);
        plot.Axes.Bottom.Label.Text = dated ? "Date" : "Map";
        if (xs.Length > 6)
        {
            // Slanted labels fit many dates; the axis title would sit on them, and dates need none.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.Label.Text = "";
        }
        plot.Title(title);
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, width, height);
    }

    /// <summary>The smallest distance between two dates (1 for a single one).</summary>
    private static double Gap(double[] xs) => xs.Length > 1 ? xs.Zip(xs.Skip(1), (a, b) => b - a).Where(d => d > 0).DefaultIfEmpty(1).Min() : 1;

    /// <summary>The points of a frequency's date rows.</summary>
    public static ClassAreaPoint Of(ClassFrequencyDate row) =>
        new(row.SensingTime, row.Map, row.ClassArea ?? row.ClassPixelCount, row.ClassArea is null ? "pixels" : row.AreaUnit, row.ValidFraction);
}
