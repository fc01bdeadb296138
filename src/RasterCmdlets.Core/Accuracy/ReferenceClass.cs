using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>A class of the reference: the code it is counted under, its value as text, and its name when it has one.</summary>
internal sealed record ReferenceClass(long Code, string Value, string? Name)
{
    public string Label => Name ?? Value;
}
