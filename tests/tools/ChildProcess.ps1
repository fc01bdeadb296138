# Child processes for the Pester suites, dot-sourced in their BeforeAll: a command, or pwsh itself
# (the pwsh running the suite), with its exit code, standard output and standard error.

# A child process: exit code, stdout, stderr.
function Invoke-ChildProcess {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [hashtable] $Environment = @{},
        [string] $WorkingDirectory = $PWD.ProviderPath, [string[]] $RemoveEnvironment = @())
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $start.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { $start.Environment[$k] = $Environment[$k] }
    foreach ($k in $RemoveEnvironment) { [void]$start.Environment.Remove($k) }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $out = $process.StandardOutput.ReadToEndAsync()
    $err = $process.StandardError.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ Code = $process.ExitCode; Out = $out.Result; Err = $err }
}

# pwsh as a child process: the pwsh running the suite.
function Invoke-ChildPwsh {
    param([string[]] $ArgumentList, [hashtable] $Environment = @{}, [string] $WorkingDirectory = $PWD.ProviderPath, [string[]] $RemoveEnvironment = @())
    $process = [Environment]::ProcessPath      # pwsh itself, or dotnet running the .NET tool's pwsh.dll
    $arguments = if ((Split-Path -Leaf $process) -like 'pwsh*') { $ArgumentList } else { @(Join-Path $PSHOME 'pwsh.dll') + $ArgumentList }
    Invoke-ChildProcess -FilePath $process -ArgumentList $arguments -Environment $Environment -WorkingDirectory $WorkingDirectory -RemoveEnvironment $RemoveEnvironment
}
