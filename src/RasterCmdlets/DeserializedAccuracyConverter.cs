using System.Collections;
using System.Management.Automation;
using RasterCmdlets.Core.Accuracy;

namespace RasterCmdlets;

/// <summary>
/// Rebuilds accuracy reports (<see cref="ClassAccuracyReport"/>, <see cref="ClassAccuracy"/>) from
/// their deserialised copies (Export-Clixml, jobs, remoting), as <see cref="DeserializedObjectConverter"/>
/// does for rasters: RasterCmdlets.Types.ps1xml names the properties serialised and this converter
/// as the way back. Values are read by name, already typed by the serialiser.
/// </summary>
public sealed class DeserializedAccuracyConverter : PSTypeConverter
{
    private static readonly Type[] Rebuilt = [typeof(ClassAccuracyReport), typeof(ClassAccuracy)];

    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        sourceValue is PSObject bag && Rebuilt.Contains(destinationType) && bag.TypeNames.Contains("Deserialized." + destinationType.FullName);

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        var bag = (PSObject)sourceValue;
        try
        {
            if (destinationType == typeof(ClassAccuracy)) return Row(bag);
            if (destinationType == typeof(ClassAccuracyReport)) return Report(bag);
        }
        catch (Exception e) when (e is not PSInvalidCastException)
        {
            throw new PSInvalidCastException($"Cannot rebuild a {destinationType.Name} from its deserialised copy: {e.Message}", e);
        }
        throw new PSInvalidCastException($"RasterCmdlets cannot rebuild a {destinationType.Name}.");
    }

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"RasterCmdlets cannot convert to {destinationType.Name}.");

    private static ClassAccuracyReport Report(PSObject bag) => new(
        As<string>(Get(bag, "Map")), As<string>(Get(bag, "Reference")), As<string>(Get(bag, "ReferenceKind")), As<string>(Get(bag, "Matching")),
        List(Get(bag, "Assignment")).Select(As<string>).ToArray(), List(Get(bag, "ClassNames")).Select(As<string>).ToArray(),
        List(Get(bag, "ConfusionMatrix")).Select(r => (IReadOnlyList<long>)List(r).Select(As<long>).ToArray()).ToArray(),
        As<long>(Get(bag, "SampleCount")), As<double>(Get(bag, "OverallAccuracy")), As<double?>(Get(bag, "OverallAccuracyCI")),
        As<double?>(Get(bag, "Kappa")), As<bool>(Get(bag, "Stratified")),
        List(Get(bag, "Classes")).Select(c => Unwrap(c) as ClassAccuracy ?? Row((PSObject)c!)).ToArray(),
        As<double?>(Get(bag, "MapArea")), As<string>(Get(bag, "AreaUnit")));

    private static ClassAccuracy Row(PSObject bag) => new(
        As<string>(Get(bag, "Class")), As<long?>(Get(bag, "MapValue")), As<string?>(Get(bag, "ReferenceValue")),
        As<long>(Get(bag, "MapCount")), As<long>(Get(bag, "ReferenceCount")), As<long>(Get(bag, "Agreement")),
        As<double?>(Get(bag, "UserAccuracy")), As<double?>(Get(bag, "ProducerAccuracy")), As<double?>(Get(bag, "F1")), As<double?>(Get(bag, "IoU")),
        As<double?>(Get(bag, "UserAccuracyCI")), As<double?>(Get(bag, "ProducerAccuracyCI")),
        As<double?>(Get(bag, "MapArea")), As<double?>(Get(bag, "EstimatedArea")), As<double?>(Get(bag, "EstimatedAreaCI")), As<string>(Get(bag, "AreaUnit")));

    private static object? Get(PSObject bag, string name) =>
        bag.Properties[name] is { } property ? property.Value : throw new InvalidDataException($"the property {name} is missing");

    private static IEnumerable<object?> List(object? value) =>
        Unwrap(value) is IEnumerable items and not string ? items.Cast<object?>() : throw new InvalidDataException("a list was expected");

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static T As<T>(object? value) => LanguagePrimitives.ConvertTo<T>(value);
}
