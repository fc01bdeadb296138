using System.Management.Automation;
using RasterCmdlets.Core.Clustering;

namespace RasterCmdlets.Commands;

/// <summary>Loads K-means models saved by Export-KMeansModel.</summary>
[Cmdlet(VerbsData.Import, "KMeansModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(KMeansModel))]
public sealed class ImportKMeansModelCommand : FileInputCmdlet
{
    protected override void ProcessInput()
    {
        foreach (var file in InputFiles())
            Attempt(file, () => WriteObject(KMeansModelFile.Load(file)));
    }
}
