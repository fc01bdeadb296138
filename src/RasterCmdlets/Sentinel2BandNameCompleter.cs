using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RasterCmdlets.Core.Sentinel2;

namespace RasterCmdlets;

/// <summary>Tab completion of Get-Sentinel2Band's -Band: ESA's band names (the product itself is not opened).</summary>
public sealed class Sentinel2BandNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Sentinel2BandNames.All
            .Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue,
                n == Sentinel2BandNames.SceneClassification ? "Scene classification (L2A), 20 m" : $"{n}, {Sentinel2BandNames.NativeResolution(n)} m"))
            .ToArray();
}
