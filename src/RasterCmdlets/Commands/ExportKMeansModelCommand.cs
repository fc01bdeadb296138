using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>Saves a fitted K-means model as JSON, exactly, to classify other scenes the same way.</summary>
[Cmdlet(VerbsData.Export, "KMeansModel", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportKMeansModelCommand : RasterCmdlet
{
    /// <summary>A KMeansModel, or a ClassifiedRaster whose model is saved.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override object? ErrorTarget => InputObject;

    protected override void ProcessInput()
    {
        var input = Unwrapped(InputObject);
        var model = input switch
        {
            KMeansModel m => m,
            ClassifiedRaster c => c.Model,
            _ => throw InputRefused(input, "a KMeansModel or a ClassifiedRaster"),
        };
        var target = PathResolver.ResolveOutput(this, Path);
        EnsureMayWrite(target, Force);
        if (!ShouldProcess(target, "Write K-means model")) return;
        Attempt(target, () =>
        {
            KMeansModelFile.Save(model, target, Force);
            if (PassThru) WriteObject(new FileInfo(target));
        });
    }
}
