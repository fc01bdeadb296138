using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RasterCmdlets.Tests;

/// <summary>
/// The real PowerShell engine with the built module imported from module/RasterCmdlets, working in
/// a scratch folder: what a user gets from Import-Module, minus pwsh's console.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(string workingFolder)
    {
        WorkingFolder = workingFolder;
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(Paths.PublishedManifest);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        // Set-Location ships with pwsh's Management module, absent from the bare engine.
        Run($"$ExecutionContext.SessionState.Path.SetLocation('{workingFolder}') | Out-Null").ShouldSucceed();
    }

    public string WorkingFolder { get; }
    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; returns its output and the error records it wrote (terminating ones included).</summary>
    public Result Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        if (variables is not null)
            foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        Collection<PSObject> output = [];
        var errors = new List<ErrorRecord>();
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            errors.Add(e.ErrorRecord);
        }
        errors.InsertRange(0, ps.Streams.Error);
        return new Result(output.Select(o => o?.BaseObject).ToList(), errors, ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Progress.ToList());
    }

    /// <summary>
    /// Runs a script and stops it (Ctrl+C) as soon as it reports progress of <paramref name="activity"/>,
    /// after calling <paramref name="whenReached"/> right then (while the script waits on it). The script
    /// must end stopped; returns how long the stop took.
    /// </summary>
    public TimeSpan StopWhenReached(string script, string activity, Action? whenReached = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var reached = new ManualResetEventSlim();
        ps.Streams.Progress.DataAdded += (_, e) =>
        {
            if (reached.IsSet || ps.Streams.Progress[e.Index].Activity != activity) return;
            whenReached?.Invoke();
            reached.Set();
        };
        var run = ps.BeginInvoke();
        Xunit.Assert.True(reached.Wait(TimeSpan.FromMinutes(2)), $"'{activity}' was never reached");
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Xunit.Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(run));
        return stopping.Elapsed;
    }

    public void Dispose() => _runspace.Dispose();

    public sealed record Result(List<object?> Output, List<ErrorRecord> Errors, List<string> Verbose, List<ProgressRecord> Progress)
    {
        public Result ShouldSucceed()
        {
            if (Errors.Count > 0)
                throw new Xunit.Sdk.XunitException("PowerShell errors: " + string.Join(" | ", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")));
            return this;
        }

        /// <summary>Every error is a clear record: a PascalCase ErrorId of the module's own, a category, and what failed.</summary>
        public Result ShouldHaveOnlyClearErrors()
        {
            foreach (var error in Errors)
            {
                var id = error.FullyQualifiedErrorId.Split(',')[0];
                Xunit.Assert.Matches(new System.Text.RegularExpressions.Regex("^[A-Z][A-Za-z0-9]+$"), id);
                Xunit.Assert.NotEqual("UnexpectedError", id);
                Xunit.Assert.NotEqual(ErrorCategory.NotSpecified, error.CategoryInfo.Category);
                Xunit.Assert.NotNull(error.TargetObject);
            }
            return this;
        }

        public T Single<T>() => Xunit.Assert.IsType<T>(Xunit.Assert.Single(Output));
    }
}

/// <summary>Where the repo's files are, found from the test assembly's location.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRoot();
    public static string PublishedManifest => Path.Combine(RepoRoot, "module", "RasterCmdlets", "RasterCmdlets.psd1");
    public static string Sample => Path.Combine(RepoRoot, "samples", "L7_ETMs.tif");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RasterCmdlets.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repo root not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A scratch folder per test, removed afterwards.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        FullName = Path.Combine(Path.GetTempPath(), "rastercmdlets-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullName);
    }

    public string FullName { get; }
    public string File(string name) => Path.Combine(FullName, name);

    public void Dispose()
    {
        try
        {
            foreach (var f in new DirectoryInfo(FullName).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                if (f is DirectoryInfo d) d.Attributes = FileAttributes.Normal;
            Directory.Delete(FullName, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
