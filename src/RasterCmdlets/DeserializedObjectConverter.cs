using System.Collections;
using System.Management.Automation;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets;

/// <summary>
/// Rebuilds the module's objects from the property bags PowerShell's serialisation leaves of them
/// (Export-Clixml/Import-Clixml, Start-Job, Invoke-Command), so that they bind and work wherever
/// live ones do. RasterCmdlets.Types.ps1xml names, for each type, the properties serialised and this
/// converter as the way back (TargetTypeForDeserialization); properties are read by name, already
/// typed by the serialiser, never parsed from text. Bands re-open their files.
/// </summary>
public sealed class DeserializedObjectConverter : PSTypeConverter
{
    private static readonly Type[] Rebuilt =
    [
        typeof(KMeansModel), typeof(RasterBand), typeof(RasterStack), typeof(ClassifiedRaster), typeof(KMeansScore), typeof(RasterClass),
        typeof(RasterSummary),
    ];

    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        sourceValue is PSObject bag && Rebuilt.Contains(destinationType) && bag.TypeNames.Contains("Deserialized." + destinationType.FullName);

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        var bag = (PSObject)sourceValue;
        try
        {
            return destinationType switch
            {
                _ when destinationType == typeof(KMeansModel) => Model(bag),
                _ when destinationType == typeof(RasterBand) => Band(bag),
                _ when destinationType == typeof(RasterStack) => RasterStack.Join(List(bag, "Bands").Select(Rebuild<RasterBand>).ToArray()),
                _ when destinationType == typeof(ClassifiedRaster) => new ClassifiedRaster(Source(Get(bag, "Source")), Rebuild<KMeansModel>(Get(bag, "Model")),
                    new ClassTally(List(bag, "ClassPixelCounts").Select(As<long>).ToArray(), As<long>(Get(bag, "NoDataPixelCount")), As<double>(Get(bag, "Inertia")))),
                _ when destinationType == typeof(KMeansScore) => new KMeansScore(As<int>(Get(bag, "K")), As<double>(Get(bag, "Inertia")),
                    As<double>(Get(bag, "Silhouette")), As<int>(Get(bag, "SilhouetteSampleSize")), As<string>(Get(bag, "Method")), As<int>(Get(bag, "Seed"))),
                _ when destinationType == typeof(RasterClass) => new RasterClass(As<int?>(Get(bag, "Class")), As<string>(Get(bag, "Name")),
                    Get(bag, "Centre") is null ? null : List(bag, "Centre").Select(As<double>).ToArray(), As<long>(Get(bag, "PixelCount")),
                    As<double?>(Get(bag, "Percent")), As<double?>(Get(bag, "Area")), As<string>(Get(bag, "AreaUnit"))),
                _ when destinationType == typeof(RasterSummary) => RasterSummary.Restore(List(bag, "DataTypes").Select(As<RasterDataType>).ToArray(),
                    List(bag, "NoDataValues").Select(As<double?>).ToArray(), As<long>(Get(bag, "PixelCount")), As<long>(Get(bag, "ValidPixelCount")),
                    As<int>(Get(bag, "Seed")), As<int>(Get(bag, "SourceCount")), As<byte[]>(Get(bag, "Entries"))),
                _ => throw new PSInvalidCastException($"RasterCmdlets cannot rebuild a {destinationType.Name}."),
            };
        }
        catch (Exception e) when (e is not PSInvalidCastException)
        {
            throw new PSInvalidCastException($"Cannot rebuild a {destinationType.Name} from its deserialised copy: {e.Message}", e);
        }
    }

    // Registered on the Deserialized.* type names too: a copy PowerShell could not rebuild when it
    // read it (the module was not imported yet) still binds to parameters typed by an interface
    // (IRasterSource) or a base class (ClassMap), for which no converter of its own can exist.
    public override bool CanConvertTo(object sourceValue, Type destinationType) =>
        RebuiltTypeOf(sourceValue) is Type type && destinationType.IsAssignableFrom(type);

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        ConvertFrom(sourceValue, RebuiltTypeOf(sourceValue) ?? destinationType, formatProvider, ignoreCase);

    /// <summary>
    /// The live object of a deserialised copy of one of the module's types, or null for anything
    /// else. For parameters typed <c>object</c>, which PowerShell binds without converting.
    /// </summary>
    public static object? TryRebuild(object input) =>
        input is PSObject bag && bag.BaseObject is PSCustomObject && RebuiltTypeOf(bag) is Type type
            ? new DeserializedObjectConverter().ConvertFrom(bag, type, null!, true)
            : null;

    private static Type? RebuiltTypeOf(object sourceValue) =>
        sourceValue is PSObject bag ? Rebuilt.FirstOrDefault(t => bag.TypeNames.Contains("Deserialized." + t.FullName)) : null;

    private static KMeansModel Model(PSObject bag) =>
        new(List(bag, "Centres").Select(c => (IReadOnlyList<double>)Items(c).Select(As<double>).ToArray()).ToArray(),
            List(bag, "DataTypes").Select(As<RasterDataType>).ToArray(),
            As<double>(Get(bag, "Inertia")), As<int>(Get(bag, "Iterations")), As<bool>(Get(bag, "Converged")), As<int>(Get(bag, "Seed")),
            As<string>(Get(bag, "Method")))
        {
            NoDataValues = List(bag, "NoDataValues").Select(As<double?>).ToArray(),
        };

    /// <summary>
    /// The band re-opened from its file; a NoData value it was given (by a model) is given again, and
    /// so is a mask raster (Set-RasterMask), and a scale and offset. Copies made before masks existed have no MaskSource.
    /// </summary>
    private static RasterBand Band(PSObject bag)
    {
        var band = RasterBand.Open(As<string>(Get(bag, "Path")), [As<int>(Get(bag, "BandNumber"))])[0];
        var noData = As<double?>(Get(bag, "NoDataValue"));
        if (noData is double nd && band.NoDataValue is null) band = band.WithNoDataValue(nd);
        if (bag.Properties["MaskSource"]?.Value is PSObject mask)
            band = band.WithMask(Unwrap(mask) as RasterMaskSource ?? new RasterMaskSource(As<string>(Get(mask, "Path")), As<int>(Get(mask, "BandNumber")),
                List(mask, "Values").Select(As<double>).ToArray(), As<string>(Get(mask, "File"))));
        // A scale and offset given from a product's metadata (not the file's): given again. Copies
        // made before they existed keep the file's.
        if (bag.Properties["Scale"]?.Value is { } scale && bag.Properties["Offset"]?.Value is { } offset
            && (As<double>(scale) != band.Scale || As<double>(offset) != band.Offset))
            band = band.WithScaleOffset(As<double>(scale), As<double>(offset));
        if (bag.Properties["ProductInfo"]?.Value is PSObject info)
            band = band.WithProductInfo(Unwrap(info) as ProductInfo ?? ProductInfoOf(info));
        return band;
    }

    /// <summary>What a product's band said of itself (Get-Sentinel2Band), its sensing time in UTC whatever the serialiser made of it.</summary>
    private static ProductInfo ProductInfoOf(PSObject info) =>
        new(As<string>(Get(info, "Name")), As<string>(Get(info, "Product")), As<string>(Get(info, "Level")),
            As<DateTime?>(Get(info, "SensingTime")) is DateTime t ? (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
            As<string?>(Get(info, "Tile")), As<string>(Get(info, "ProcessingBaseline")));

    private static IRasterSource Source(object? value) =>
        Unwrap(value) is IRasterSource live ? live
        : value is PSObject bag && bag.TypeNames.Contains("Deserialized." + typeof(RasterStack).FullName) ? Rebuild<RasterStack>(bag)
        : Rebuild<RasterBand>(value);

    /// <summary>A nested object: live already (rehydrated by the deserialiser), or rebuilt here.</summary>
    private static T Rebuild<T>(object? value) =>
        Unwrap(value) is T live ? live
        : value is PSObject bag && new DeserializedObjectConverter().CanConvertFrom(bag, typeof(T))
            ? (T)new DeserializedObjectConverter().ConvertFrom(bag, typeof(T), null!, true)
            : As<T>(value);

    private static object? Get(PSObject bag, string name) =>
        bag.Properties[name] is { } property ? property.Value : throw new InvalidDataException($"the property {name} is missing");

    private static IEnumerable<object?> List(PSObject bag, string name) => Items(Get(bag, name));

    private static IEnumerable<object?> Items(object? value) =>
        Unwrap(value) is IEnumerable items and not string ? items.Cast<object?>() : throw new InvalidDataException("a list was expected");

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static T As<T>(object? value) => LanguagePrimitives.ConvertTo<T>(value);
}
