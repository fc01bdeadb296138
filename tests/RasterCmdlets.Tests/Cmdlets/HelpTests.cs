using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// The help Get-Help shows, built from docs/help/*.md by build/HelpFromMarkdown.targets: complete for
/// every cmdlet, true to the cmdlets' real parameters, and the markdown itself unable to drift from
/// the code. Also checks that the Pester suite for pwsh users at least parses.
/// </summary>
public class HelpTests
{
    private static readonly string HelpFolder = Path.Combine(Paths.RepoRoot, "docs", "help");

    /// <summary>Every cmdlet the module assembly defines (ManifestTests checks they are all exported).</summary>
    private static readonly string[] CmdletNames = typeof(RasterCmdlets.RasterCmdlet).Assembly.GetTypes()
        .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault())
        .Where(a => a is not null).Select(a => $"{a!.VerbName}-{a.NounName}").Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Cmdlets() => new(CmdletNames);

    // Gathers, in the engine, what the tests compare: the help as Get-Help shows it and the
    // parameters as the engine binds them. Returned as hashtables, since help objects are property bags.
    private const string Gather = """
        param($name)
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $command = Get-Command $name -CommandType Cmdlet
        $help = Get-Help $name -Full
        $parameters = @{}
        foreach ($p in $command.Parameters.Values) {
            if ($common -contains $p.Name) { continue }
            $sets = @($p.ParameterSets.Values)
            $positions = @($sets | ForEach-Object { if ($_.Position -eq [int]::MinValue) { 'named' } else { "$($_.Position)" } })
            $type = $p.ParameterType
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            $parameters[$p.Name] = @{
                Mandatory = [bool]($sets | Where-Object IsMandatory)
                Positions = $positions
                ByValue = [bool]($sets | Where-Object ValueFromPipeline)
                ByPropertyName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
                Type = $type.Name
                Aliases = @($p.Aliases)
            }
        }
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) {
            if ($null -eq $p) { continue }
            $documented[[string]$p.name] = @{
                Description = (@($p.description | ForEach-Object { $_.Text }) -join "`n").Trim()
                Required = [string]$p.required
                Position = [string]$p.position
                PipelineInput = [string]$p.pipelineInput
                Type = [string]$p.type.name
                Aliases = @(([string]$p.aliases) -split ',\s*' | Where-Object { $_ -and $_ -ne 'none' })
            }
        }
        @{
            HelpFile = $command.HelpFile
            HelpFileExists = [bool]($command.HelpFile -and [System.IO.File]::Exists($command.HelpFile))
            Synopsis = ([string]$help.Synopsis).Trim()
            Description = (@($help.description | ForEach-Object { $_.Text }) -join "`n").Trim()
            Examples = @(@($help.examples.example) | Where-Object { $_ -and ([string]$_.code).Trim() }).Count
            ExampleRemarks = @(@($help.examples.example) | Where-Object { $_ -and (@($_.remarks | ForEach-Object { $_.Text }) -join '').Trim() }).Count
            SyntaxItems = @($help.syntax.syntaxItem).Count
            ParameterSets = @($command.ParameterSets).Count
            Parameters = $parameters
            Documented = $documented
        }
        """;

    private static Hashtable HelpOf(PowerShellSession session, string name)
    {
        var result = session.Run($"& {{ {Gather} }} '{name}'").ShouldSucceed();
        return Assert.IsType<Hashtable>(Assert.Single(result.Output));
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    private static T Get<T>(Hashtable table, string key) => (T)Unwrap(table[key])!;

    private static Dictionary<string, Hashtable> Table(object? value) =>
        Assert.IsType<Hashtable>(Unwrap(value)).Cast<DictionaryEntry>()
            .ToDictionary(e => Unwrap(e.Key)!.ToString()!, e => Assert.IsType<Hashtable>(Unwrap(e.Value)), StringComparer.OrdinalIgnoreCase);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void GetHelpIsCompleteForEveryCmdlet(string name)
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var help = HelpOf(session, name);

        Assert.True(Get<bool>(help, "HelpFileExists"), $"{name}: no help file at '{help["HelpFile"]}' (was docs/help turned into MAML by the build?)");
        var synopsis = Get<string>(help, "Synopsis");
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name}: empty synopsis");
        // Without a help file Get-Help makes up a synopsis from the syntax.
        Assert.False(synopsis.StartsWith(name + " ", StringComparison.OrdinalIgnoreCase), $"{name}: the synopsis is the generated syntax: '{synopsis}'");
        Assert.False(string.IsNullOrWhiteSpace(Get<string>(help, "Description")), $"{name}: empty description");
        Assert.True(Get<int>(help, "Examples") >= 2, $"{name}: {help["Examples"]} example(s) with code, at least 2 expected");
        Assert.Equal(Get<int>(help, "Examples"), Get<int>(help, "ExampleRemarks"));
        Assert.Equal(Get<int>(help, "ParameterSets"), Get<int>(help, "SyntaxItems"));

        var parameters = Table(help["Parameters"]);
        var documented = Table(help["Documented"]);
        Assert.NotEmpty(parameters);
        var missing = parameters.Keys.Where(p => !documented.ContainsKey(p) || string.IsNullOrWhiteSpace(Get<string>(documented[p], "Description"))).Order().ToArray();
        Assert.True(missing.Length == 0, $"{name}: parameters without a description in Get-Help: {string.Join(", ", missing)}");
        var extra = documented.Keys.Where(p => !parameters.ContainsKey(p)).Order().ToArray();
        Assert.True(extra.Length == 0, $"{name}: Get-Help documents parameters the cmdlet does not have: {string.Join(", ", extra)}");
    }

    /// <summary>What the help says of each parameter (required, position, pipeline input, type, aliases) is what the engine binds.</summary>
    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void HelpParameterMetadataMatchesTheCmdlet(string name)
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var help = HelpOf(session, name);
        var documented = Table(help["Documented"]);
        var problems = new List<string>();
        foreach (var (parameter, actual) in Table(help["Parameters"]))
        {
            if (!documented.TryGetValue(parameter, out var doc)) continue; // reported by GetHelpIsCompleteForEveryCmdlet
            void Check(string what, object? expected, object? got)
            {
                if (!string.Equals(expected?.ToString(), got?.ToString(), StringComparison.OrdinalIgnoreCase))
                    problems.Add($"-{parameter} {what}: the cmdlet has '{expected}', the help says '{got}'");
            }
            Check("required", Get<bool>(actual, "Mandatory") ? "true" : "false", Unwrap(doc["Required"]));
            Check("position", Joined(actual["Positions"], distinct: true), Unwrap(doc["Position"]));
            Check("type", Unwrap(actual["Type"]), Unwrap(doc["Type"]));
            Check("aliases", Joined(actual["Aliases"]), Joined(doc["Aliases"]));
            var pipeline = Get<string>(doc, "PipelineInput");
            Check("pipeline input by value", actual["ByValue"], pipeline.Contains("ByValue", StringComparison.OrdinalIgnoreCase));
            Check("pipeline input by property name", actual["ByPropertyName"], pipeline.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase));
        }
        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }

    private static string Joined(object? values, bool distinct = false)
    {
        var raw = Unwrap(values);
        var strings = (raw is string one ? new[] { one } : (IEnumerable?)raw ?? Array.Empty<object>()).Cast<object>().Select(v => v.ToString()!);
        if (distinct) strings = strings.Distinct(StringComparer.OrdinalIgnoreCase);
        return string.Join(",", strings.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void AboutTopicIsFoundAndNamesEveryCmdlet()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-Help about_RasterCmdlets").ShouldSucceed();
        var text = string.Join("\n", result.Output.Select(o => o?.ToString()));
        Assert.Contains("about_RasterCmdlets", text);
        foreach (var name in CmdletNames) Assert.Contains(name, text);
        Assert.Contains("RASTERCMDLETS_GDAL_LIBRARY", text);
        Assert.Contains("NoData", text);
        Assert.Contains("BandOutOfRange", text);
    }

    /// <summary>The markdown's '## PARAMETERS' list is exactly the cmdlet's parameters: docs cannot drift from code.</summary>
    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void MarkdownDocumentsExactlyTheCmdletParameters(string name)
    {
        var file = Path.Combine(HelpFolder, name + ".md");
        Assert.True(File.Exists(file), $"No help markdown for {name}: expected {file}");
        var documented = MarkdownParameters(File.ReadAllText(file));

        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var actual = session.Run($"$common = [System.Management.Automation.Cmdlet]::CommonParameters; " +
                                 $"(Get-Command {name} -CommandType Cmdlet).Parameters.Keys | Where-Object {{ $common -notcontains $_ }}")
            .ShouldSucceed().Output.Cast<string>().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(actual, documented.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void EveryCommandMarkdownIsAnExportedCmdlet()
    {
        var files = Directory.GetFiles(HelpFolder, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.StartsWith("about_", StringComparison.OrdinalIgnoreCase) && !n.Equals("README", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(CmdletNames, files);
        Assert.True(File.Exists(Path.Combine(HelpFolder, "about_RasterCmdlets.md")));
    }

    /// <summary>The '### -Name' headings under '## PARAMETERS', outside code fences.</summary>
    private static List<string> MarkdownParameters(string markdown)
    {
        var names = new List<string>();
        var inParameters = false;
        var inFence = false;
        foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal)) inParameters = line[3..].Trim().Equals("PARAMETERS", StringComparison.OrdinalIgnoreCase);
            else if (inParameters && Regex.Match(line, @"^###\s+-(\S+)\s*$") is { Success: true } m) names.Add(m.Groups[1].Value);
        }
        return names;
    }

    [Fact]
    public void PesterSuiteParses()
    {
        var path = Path.Combine(Paths.RepoRoot, "tests", "RasterCmdlets.Tests.ps1");
        Assert.True(File.Exists(path), $"{path} is missing");
        var ast = Parser.ParseFile(path, out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}")));
        // Pester 5: the imports happen in BeforeAll, the checks in Describe/It blocks.
        var commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).ToList();
        Assert.Contains("BeforeAll", commands);
        Assert.Contains("Describe", commands);
        Assert.True(commands.Count(c => c == "It") >= 8, "expected at least 8 It blocks");
    }
}
