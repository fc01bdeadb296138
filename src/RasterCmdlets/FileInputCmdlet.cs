using System.Management.Automation;

namespace RasterCmdlets;

/// <summary>
/// A cmdlet that reads files named by -Path (wildcards, from the pipeline as strings) or
/// -LiteralPath (alias PSPath, bound by property name from Get-ChildItem or [IO.FileInfo]).
/// </summary>
public abstract class FileInputCmdlet : RasterCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The existing files (and folders, with <paramref name="allowFolders"/>) named, each missing one reported as a non-terminating error.</summary>
    protected IEnumerable<string> InputFiles(bool allowFolders = false)
    {
        var literal = ParameterSetName == LiteralPathSet;
        return (literal ? LiteralPath : Path).SelectMany(given => PathResolver.ResolveInputs(this, given, literal, allowFolders));
    }
}
