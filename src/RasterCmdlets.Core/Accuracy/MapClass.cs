using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>A class of the map: its label, and its name when it has one.</summary>
internal sealed record MapClass(long Value, string? Name)
{
    public string Label => Name ?? $"Class {Value}";
}
