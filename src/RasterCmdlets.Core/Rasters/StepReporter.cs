namespace RasterCmdlets.Core.Rasters;

/// <summary>A finished step, for -Verbose: what was done and how long it took.</summary>
public delegate void StepReporter(string message);
