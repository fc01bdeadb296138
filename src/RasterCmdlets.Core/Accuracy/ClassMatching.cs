using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// Pairs the map's classes with the reference's: by name (case-insensitive) when the map has names
/// and at least one of them is a reference class's name or value; with the user's table
/// (-ClassMap: map class name or value = reference value or name); otherwise by the one-to-one
/// assignment that maximises the samples on which they agree (Hungarian algorithm). Classes left
/// unpaired on either side are classes of their own, so that every sample is counted.
/// </summary>
internal static class ClassMatching
{
    public sealed record Result(IReadOnlyList<PairedClass> Classes, string Matching, IReadOnlyList<string> Assignment);

    public static Result Match(IReadOnlyList<MapClass> map, IReadOnlyList<ReferenceClass> reference,
        IReadOnlyDictionary<(long Map, long Reference), long> counts, IReadOnlyList<KeyValuePair<string, string>>? table)
    {
        var pairs = new Dictionary<MapClass, ReferenceClass?>();
        string matching;
        if (table is { Count: > 0 })
        {
            matching = "ClassMap";
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in table)
            {
                var m = map.FirstOrDefault(c => Same(c.Name, key)) ?? map.FirstOrDefault(c => Same(c.Value.ToString(), key))
                    ?? throw new RasterException("ClassNotInMap", RasterErrorKind.InvalidArgument,
                        $"-ClassMap names '{key}', which is no class of the map (its classes: {string.Join(", ", map.Select(c => c.Label))}).");
                if (pairs.ContainsKey(m) || !taken.Add(value))
                    throw new RasterException("InvalidClassMap", RasterErrorKind.InvalidArgument,
                        $"-ClassMap pairs classes one to one: '{key} = {value}' repeats a map class or a reference class.");
                var r = reference.FirstOrDefault(c => Same(c.Name, value)) ?? reference.FirstOrDefault(c => Same(c.Value, value));
                // A reference class with no sample is still named, so that the report shows it as missing.
                pairs[m] = r ?? new ReferenceClass(long.MinValue + pairs.Count, value, null);
            }
        }
        else if (map.Any(m => m.Name is not null && reference.Any(r => Same(r.Name, m.Name) || Same(r.Value, m.Name))))
        {
            matching = "Name";
            foreach (var m in map)
                if (m.Name is not null && (reference.FirstOrDefault(r => Same(r.Name, m.Name)) ?? reference.FirstOrDefault(r => Same(r.Value, m.Name))) is { } r)
                    pairs[m] = r;
        }
        else
        {
            matching = "Agreement";
            var gain = new long[map.Count, reference.Count];
            for (var i = 0; i < map.Count; i++)
                for (var j = 0; j < reference.Count; j++)
                    gain[i, j] = counts.GetValueOrDefault((map[i].Value, reference[j].Code));
            var assigned = Hungarian.Maximise(gain);
            for (var i = 0; i < map.Count; i++)
                if (assigned[i] >= 0) pairs[map[i]] = reference[assigned[i]];
        }

        var classes = new List<PairedClass>();
        foreach (var m in map)
        {
            var r = pairs.GetValueOrDefault(m);
            classes.Add(new PairedClass(m.Name ?? r?.Name ?? m.Label, m, r));
        }
        var paired = new HashSet<ReferenceClass>(pairs.Values.OfType<ReferenceClass>());
        foreach (var r in reference)
            if (!paired.Contains(r)) classes.Add(new PairedClass(r.Name ?? $"Reference {r.Value}", null, r));
        // Names must tell the classes apart in the report.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
            if (!seen.Add(classes[i].Name)) classes[i] = classes[i] with { Name = $"{classes[i].Name} ({(classes[i].Map is null ? "reference" : "map")})" };

        var assignment = classes.Select(c => $"{c.Map?.Label ?? "(none)"} → {(c.Reference is { } r ? r.Label + (r.Name is not null && r.Name != r.Value ? $" ({r.Value})" : "") : "(none)")}").ToArray();
        return new Result(classes, matching, assignment);
    }

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
