namespace RasterCmdlets.Core.Accuracy;

/// <summary>What a class map is assessed against, and how.</summary>
public sealed record ClassAccuracyOptions
{
    /// <summary>The reference: a raster of classes, or a vector file of points or polygons.</summary>
    public required string Reference { get; init; }
    /// <summary>The field of a vector reference that holds each feature's class.</summary>
    public string? ReferenceField { get; init; }
    /// <summary>Map class (name or value) = reference class (value or name); null to match by name or by agreement.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ClassMap { get; init; }
    /// <summary>Names of the map's classes, class 0 first; otherwise the map's own (a file's category names).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
    /// <summary>The reference points are a stratified random sample of the map's classes (Olofsson et al. 2014's estimators).</summary>
    public bool Stratified { get; init; }
}
