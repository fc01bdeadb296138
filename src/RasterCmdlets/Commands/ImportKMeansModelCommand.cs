using System.Management.Automation;
using RasterCmdlets.Core.Clustering;

namespace RasterCmdlets.Commands;

/// <summary>Loads K-means models saved by Export-KMeansModel.</summary>
[Cmdlet(VerbsData.Import, "KMeansModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(KMeansModel))]
public sealed class ImportKMeansModelCommand : RasterCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var given in literal ? LiteralPath : Path)
            foreach (var file in PathResolver.ResolveInputs(this, given, literal))
            {
                try
                {
                    WriteObject(KMeansModelFile.Load(file));
                }
                catch (Exception e) when (IsReportable(e))
                {
                    WriteError(ErrorFor(e, file));
                }
            }
    }
}
