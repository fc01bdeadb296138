namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// Reports how far a long operation has come: an activity ("Reading histogram", "Lloyd pass 3")
/// and the fraction done. Always called on the thread that started the operation.
/// </summary>
public delegate void ProgressReporter(string activity, double fraction);
