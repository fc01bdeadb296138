using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>Tab completion of -Band: the band numbers of the file named by -Path or -LiteralPath.</summary>
public sealed class BandNumberCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = (fakeBoundParameters["Path"] ?? fakeBoundParameters["LiteralPath"]) switch
        {
            string s => s,
            string[] { Length: > 0 } a => a[0],
            object[] { Length: > 0 } a => a[0]?.ToString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(path)) return [];
        try
        {
            var full = System.IO.Path.GetFullPath(path, SessionCurrentDirectory());
            var count = RasterBand.CountBands(full);
            return Enumerable.Range(1, count)
                .Select(n => n.ToString())
                .Where(n => n.StartsWith(wordToComplete, StringComparison.Ordinal))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"Band {n} of {System.IO.Path.GetFileName(full)}"))
                .ToArray();
        }
        catch (Exception)
        {
            return []; // completion never fails loudly: the command itself will report the problem
        }
    }

    private static string SessionCurrentDirectory()
    {
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        var location = ps.AddScript("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke().FirstOrDefault();
        return location?.BaseObject as string ?? Environment.CurrentDirectory;
    }
}
