using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>One class of the assessment: a map class and the reference class paired with it; either may be missing.</summary>
internal sealed record PairedClass(string Name, MapClass? Map, ReferenceClass? Reference);
