using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace RasterShell;

/// <summary>
/// The host that Out-Default and the streams write through: output to stdout, errors, warnings and
/// verbose messages to stderr, progress to stderr only on a terminal. Nothing interactive.
/// </summary>
public sealed class ConsoleHost : PSHost
{
    private readonly ConsoleUserInterface _ui;

    /// <param name="plainText">Strip VT colour sequences (output is not a terminal).</param>
    public ConsoleHost(TextWriter output, TextWriter error, bool plainText)
    {
        Error = error;
        _ui = new ConsoleUserInterface(output, error, plainText);
    }

    public TextWriter Error { get; }

    public int? ExitCode { get; private set; }
    public override string Name => "RasterShell";
    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    /// <summary>Writes an error record as pwsh's concise view does: "Command: message".</summary>
    public void WriteErrorRecord(ErrorRecord record)
    {
        var command = record.InvocationInfo?.MyCommand?.Name;
        var message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
        Error.WriteLine(string.IsNullOrEmpty(command) ? message : $"{command}: {message}");
    }
}

internal sealed class ConsoleUserInterface(TextWriter output, TextWriter error, bool plainText) : PSHostUserInterface
{
    private readonly ConsoleRawUserInterface _raw = new();
    private static readonly bool ErrorIsTerminal = !Console.IsErrorRedirected;

    public override PSHostRawUserInterface RawUI => _raw;
    public override void Write(string value) => output.Write(Plain(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => output.Write(Plain(value));
    public override void WriteLine(string value) => output.WriteLine(Plain(value));

    // The formatter styles table headers with VT sequences whatever the target; like pwsh's own
    // console host, strip them when output does not go to a terminal.
    private static readonly System.Text.RegularExpressions.Regex Escape = new(@"\x1b\[[0-9;]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);
    private string Plain(string value) => plainText && value.Contains('\u001b') ? Escape.Replace(value, "") : value;
    public override void WriteErrorLine(string value) => error.WriteLine(value);
    public override void WriteDebugLine(string message) => error.WriteLine("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => error.WriteLine("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => error.WriteLine("WARNING: " + message);
    public override void WriteInformation(InformationRecord record) => output.WriteLine(record.MessageData?.ToString());

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (!ErrorIsTerminal || error != Console.Error) return;
        var line = record.RecordType == ProgressRecordType.Completed ? "" : $"{record.Activity} {record.PercentComplete}%";
        error.Write("\r" + line.PadRight(Math.Max(0, _raw.BufferSize.Width - 1))[..Math.Max(0, _raw.BufferSize.Width - 1)] + "\r");
    }

    public override string ReadLine() => throw new NotSupportedException("rastershell is not interactive.");
    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("rastershell is not interactive.");
    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
        throw new NotSupportedException("rastershell is not interactive.");
    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new NotSupportedException("rastershell is not interactive: use -Confirm:$false.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new NotSupportedException("rastershell is not interactive.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("rastershell is not interactive.");
}

internal sealed class ConsoleRawUserInterface : PSHostRawUserInterface
{
    private static int Width()
    {
        try { return Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth); }
        catch (IOException) { return 120; }
    }

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Size BufferSize { get => new(Width(), 9999); set { } }
    public override Size WindowSize { get => new(Width(), 50); set { } }
    public override Size MaxWindowSize => WindowSize;
    public override Size MaxPhysicalWindowSize => WindowSize;
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "rastershell";
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("rastershell is not interactive.");
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
