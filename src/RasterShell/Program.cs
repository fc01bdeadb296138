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
        state.ImportPSModule(ModuleManifest());
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

    /// <summary>The manifest to import: named by RASTERSHELL_MODULE, else found above this program.</summary>
    private static string ModuleManifest()
    {
        var named = Environment.GetEnvironmentVariable("RASTERSHELL_MODULE");
        if (!string.IsNullOrEmpty(named)) return Path.GetFullPath(named);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "RasterCmdlets.psd1");
            if (File.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "module"))) return candidate;
        }
        throw new FileNotFoundException("RasterCmdlets.psd1 not found above " + AppContext.BaseDirectory + "; set RASTERSHELL_MODULE.");
    }
}
