using System.Diagnostics;
using Xunit;

namespace RasterCmdlets.Tests;

/// <summary>
/// The one way tests run another program (GDAL's tools, GDAL's Python): both output streams are read
/// at once, so that a program that fills one while the test waits on the other cannot deadlock, and
/// a failure names the program and what it wrote to stderr.
/// </summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <paramref name="program"/> to its end.</summary>
    public static Result Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs <paramref name="program"/>, failing the test when it fails; returns its standard output.</summary>
    public static string Succeed(string program, params string[] arguments)
    {
        var result = Run(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error}");
        return result.Output;
    }

    /// <summary>Debian's Python, which has GDAL's bindings, numpy and scikit-learn (test.sh installs them).</summary>
    public const string Python = "/usr/bin/python3";
}
