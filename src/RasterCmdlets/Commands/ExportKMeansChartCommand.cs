using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Pictures;

namespace RasterCmdlets.Commands;

/// <summary>
/// Draws the scores of Measure-KMeansCluster as an elbow chart in a PNG: inertia and mean
/// silhouette against K, to choose K at a glance. Collects every score piped in, then draws once.
/// </summary>
[Cmdlet(VerbsData.Export, "KMeansChart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportKMeansChartCommand : RasterCmdlet
{
    private readonly List<KMeansScore> _scores = [];

    /// <summary>The scores of Measure-KMeansCluster, one per K.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public KMeansScore InputObject { get; set; } = null!;

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateRange(200, 8000)]
    public int Width { get; set; } = 800;

    [Parameter]
    [ValidateRange(150, 8000)]
    public int Height { get; set; } = 500;

    /// <summary>The chart's title.</summary>
    [Parameter]
    public string Title { get; set; } = "Choosing K: the elbow of the inertia, the peak of the silhouette";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessInput() => _scores.Add(InputObject);

    protected override void EndInput()
    {
        var target = PathResolver.ResolveOutput(this, Path);
        if (!string.Equals(System.IO.Path.GetExtension(target), ".png", StringComparison.OrdinalIgnoreCase))
            throw new RasterException("UnsupportedFormat", RasterErrorKind.NotSupported,
                $"'{System.IO.Path.GetFileName(target)}': the chart is written as PNG; name a .png file.") { Target = target };
        var distinct = _scores.GroupBy(s => s.K).Select(g => g.Last()).ToList();
        if (distinct.Count == 0)
            throw new RasterException("NoScores", RasterErrorKind.InvalidData, "No KMeansScore was piped in: pipe the output of Measure-KMeansCluster.");
        if (distinct.Count < _scores.Count)
            WriteWarning("Several scores were piped in for the same K: the chart shows the last of each.");
        EnsureMayWrite(target, Force);
        if (!ShouldProcess(target, "Write elbow chart")) return;
        OutputFile.Write(target, Force, ".png", temporary =>
        {
            ElbowChart.Save(distinct, temporary, Width, Height, Title);
            return temporary;
        });
        WriteVerbose($"Wrote the elbow chart of K = {string.Join(", ", distinct.Select(s => s.K).Order())} to '{target}'.");
        if (PassThru) WriteObject(new FileInfo(target));
    }
}
