using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RasterShell;

/// <summary>
/// A small PowerShell host for machines without pwsh: runs a command or a script with the
/// RasterCmdlets module imported, formats output as pwsh does, writes errors to stderr and exits
/// with 1 when any error record was written.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the pipeline (files being written are removed); a second one kills.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        return Run(args, Console.Out, Console.Error, plainText: Console.IsOutputRedirected, stop.Token);
    }

    private const string Usage = """
        usage: rastershell -Command '<PowerShell>'
               rastershell -File script.ps1 [arguments...]
        Runs PowerShell (System.Management.Automation) with the RasterCmdlets module imported.
        Exit code: 0, or 1 when any error record was written.
        """;

    /// <summary>Runs a command or script; returns the exit code. Output and errors go to the writers given.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool plainText, CancellationToken stop = default)
    {
        var (command, file, scriptArgs) = Parse(args);
        if (command is null && file is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        var host = new ConsoleHost(output, error, plainText);
        var state = InitialSessionState.CreateDefault2();
        ImportModule(state);
        using var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;

        var errors = 0;
        // Errors from importing the module would otherwise go unseen.
        foreach (var previous in runspace.SessionStateProxy.PSVariable.GetValue("Error") as System.Collections.ArrayList ?? [])
            if (previous is ErrorRecord record) { host.WriteErrorRecord(record); errors++; }

        shell.Streams.Error.DataAdded += (_, e) =>
        {
            host.WriteErrorRecord(shell.Streams.Error[e.Index]);
            errors++;
        };
        using var stopping = stop.Register(() => shell.BeginStop(null, null));

        if (file is not null)
        {
            shell.AddCommand(Path.GetFullPath(file));
            foreach (var argument in scriptArgs) shell.AddArgument(argument);
        }
        else
        {
            shell.AddScript(command!);
        }
        shell.AddCommand("Out-Default");
        try
        {
            shell.Invoke();
        }
        catch (PipelineStoppedException)
        {
            error.WriteLine("rastershell: stopped.");
            return 130;
        }
        catch (RuntimeException e)
        {
            host.WriteErrorRecord(e.ErrorRecord);
            errors++;
        }
        if (shell.InvocationStateInfo.State == PSInvocationState.Stopped) return 130;
        return errors > 0 || host.ExitCode is > 0 ? 1 : 0;
    }

    private static (string? Command, string? File, string[] Args) Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i].ToLowerInvariant();
            if (a is "-noprofile" or "-nologo" or "-noninteractive") continue;
            if ((a is "-command" or "-c") && i + 1 < args.Length) return (string.Join(' ', args[(i + 1)..]), null, []);
            if ((a is "-file" or "-f") && i + 1 < args.Length) return (null, args[i + 1], args[(i + 2)..]);
            if (!a.StartsWith('-')) return (null, args[i], args[(i + 1)..]);
            return (null, null, []);
        }
        return (null, null, []);
    }

    /// <summary>
    /// Imports the module named by RASTERSHELL_MODULE (a manifest or an assembly), else the built
    /// module found above this program. That one is imported as its assembly and format file, not
    /// through its manifest: evaluating a manifest costs PowerShell a twentieth of a second at every
    /// start (a sixteenth of a whole Sentinel-2 tile's run), and the rest of the manifest (version
    /// checks, gallery data) means nothing to this host.
    /// </summary>
    private static void ImportModule(InitialSessionState state)
    {
        var named = Environment.GetEnvironmentVariable("RASTERSHELL_MODULE");
        if (!string.IsNullOrEmpty(named))
        {
            state.ImportPSModule(Path.GetFullPath(named));
            return;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "module", "RasterCmdlets");
            if (!File.Exists(Path.Combine(folder, "RasterCmdlets.dll"))) continue;
            state.ImportPSModule(Path.Combine(folder, "RasterCmdlets.dll"));
            state.Formats.Add(new SessionStateFormatEntry(Path.Combine(folder, "RasterCmdlets.Format.ps1xml")));
            return;
        }
        throw new FileNotFoundException("module/RasterCmdlets/RasterCmdlets.dll not found above " + AppContext.BaseDirectory + "; build it, or set RASTERSHELL_MODULE.");
    }
}
