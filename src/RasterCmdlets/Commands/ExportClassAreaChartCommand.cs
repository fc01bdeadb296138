using System.Globalization;
using System.Management.Automation;
using RasterCmdlets.Core.Changes;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Pictures;

namespace RasterCmdlets.Commands;

/// <summary>
/// Draws one class's area per date into a PNG, with each date's valid fraction beside it: from the
/// output of Measure-ClassFrequency (the object or its Dates rows), or from Measure-RasterClass
/// rows given a time (a SensingTime or Date property). Collects every row piped in, then draws once.
/// </summary>
[Cmdlet(VerbsData.Export, "ClassAreaChart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportClassAreaChartCommand : RasterCmdlet
{
    private readonly List<(ClassAreaPoint Point, string Class)> _points = [];

    /// <summary>A ClassFrequency, its Dates rows, or rows with a time and an area (Measure-RasterClass rows with a SensingTime added).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The class drawn, by name or number, when rows of several classes are piped in.</summary>
    [Parameter]
    public string? Class { get; set; }

    [Parameter]
    [ValidateRange(200, 8000)]
    public int Width { get; set; } = 900;

    [Parameter]
    [ValidateRange(150, 8000)]
    public int Height { get; set; } = 500;

    /// <summary>The chart's title; by default "Area of &lt;class&gt; per date".</summary>
    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? ErrorTarget => Path;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        switch (input)
        {
            case ClassFrequency frequency:
                foreach (var row in frequency.Dates) _points.Add((ClassAreaChart.Of(row), row.ClassName));
                return;
            case ClassFrequencyDate row:
                _points.Add((ClassAreaChart.Of(row), row.ClassName));
                return;
        }
        if (FromProperties(InputObject) is { } point)
        {
            if (point.Class is not null) _points.Add((point.Point, point.Class));
            return;
        }
        throw InputRefused(input, "the output of Measure-ClassFrequency, or rows with an area and a SensingTime or Date (Measure-RasterClass rows given a time)");
    }

    /// <summary>
    /// A row read by its properties: time from SensingTime or Date, area from ClassArea or Area
    /// (with AreaUnit), class from ClassName or Name, valid fraction from ValidFraction. A NoData
    /// row gives no point (its class is null).
    /// </summary>
    private static (ClassAreaPoint Point, string? Class)? FromProperties(PSObject row)
    {
        object? Get(params string[] names) =>
            names.Select(n => row.Properties[n]?.Value).FirstOrDefault(v => v is not null) is { } v ? v is PSObject p ? p.BaseObject : v : null;
        var area = Get("ClassArea", "Area");
        if (area is null || !TryNumber(area, out var value)) return null;
        if (Get("IsNoData") is true) return (new ClassAreaPoint(null, "", 0, "", null), null);
        var time = Get("SensingTime", "Date") switch
        {
            DateTime t => t,
            DateTimeOffset o => o.UtcDateTime,
            string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t) => t,
            _ => (DateTime?)null,
        };
        double? valid = Get("ValidFraction") is { } f && TryNumber(f, out var fraction) ? fraction : null;
        var label = Get("Map", "Label")?.ToString() ?? time?.ToString("yyyy-MM-dd") ?? "";
        var name = Get("ClassName", "Name")?.ToString() ?? "";
        return (new ClassAreaPoint(time, label, value, Get("AreaUnit")?.ToString() ?? "", valid), name);
    }

    private static bool TryNumber(object value, out double number)
    {
        try
        {
            number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            number = 0;
            return false;
        }
    }

    protected override void EndInput()
    {
        var target = PathResolver.ResolveOutput(this, Path);
        if (!string.Equals(System.IO.Path.GetExtension(target), ".png", StringComparison.OrdinalIgnoreCase))
            throw new RasterException("UnsupportedFormat", RasterErrorKind.NotSupported,
                $"'{System.IO.Path.GetFileName(target)}': the chart is written as PNG; name a .png file.") { Target = target };
        var points = Class is null ? _points
            : _points.Where(p => string.Equals(p.Class, Class, StringComparison.OrdinalIgnoreCase)).ToList();
        if (points.Count == 0)
            throw new RasterException("NoAreas", RasterErrorKind.InvalidData, Class is null
                ? "No area was piped in: pipe the output of Measure-ClassFrequency, or Measure-RasterClass rows given a SensingTime."
                : $"No row of the class '{Class}' was piped in (classes: {string.Join(", ", _points.Select(p => p.Class).Distinct())}).");
        var classes = points.Select(p => p.Class).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (classes.Length > 1)
            throw new RasterException("SeveralClasses", RasterErrorKind.InvalidArgument,
                $"Rows of {classes.Length} classes were piped in ({string.Join(", ", classes)}): the chart draws one; choose it with -Class.");
        if (points.Select(p => p.Point.AreaUnit).Distinct().Count() > 1)
            throw new RasterException("MixedAreaUnits", RasterErrorKind.InvalidArgument,
                "The rows' areas are in different units: draw maps of one CRS together.");
        EnsureMayWrite(target, Force);
        if (!ShouldProcess(target, "Write class area chart")) return;
        OutputFile.Write(target, Force, ".png", temporary =>
        {
            ClassAreaChart.Save(points.Select(p => p.Point).ToArray(), temporary, Width, Height, Title ?? $"Area of {classes[0]} per date");
            return temporary;
        });
        WriteVerbose($"Wrote the area of {classes[0]} on {points.Count} dates to '{target}'.");
        if (PassThru) WriteObject(new FileInfo(target));
    }
}
