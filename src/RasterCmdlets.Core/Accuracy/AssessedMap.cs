using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Accuracy;

/// <summary>
/// The class map being assessed, whatever it is: a <see cref="ClassMap"/> (labels computed from
/// its source window by window) or an integer band of a class-map file (labels are its values).
/// Its names are the ones given, else the file's category names.
/// </summary>
internal sealed class AssessedMap
{
    private readonly ClassMap? _map;
    private readonly RasterBand? _band;

    private AssessedMap(ClassMap? map, RasterBand? band, IReadOnlyList<string> names)
    {
        _map = map;
        _band = band;
        Names = names;
    }

    public static AssessedMap Of(object input, IReadOnlyList<string> names)
    {
        switch (input)
        {
            case ClassMap map:
                map.CheckClassNames(names);
                return new AssessedMap(map, null, names);
            case RasterBand band:
                ClassMapFile.RequireIntegers(band);
                return new AssessedMap(null, band, names.Count > 0 ? names : band.ClassNames);
            default:
                throw new ArgumentException($"A class map or a class map band was expected, not {input.GetType().Name}.", nameof(input));
        }
    }

    public IReadOnlyList<string> Names { get; }
    public IRasterSource Source => _map?.Source ?? _band!;
    public RasterGrid Grid => Source.Grid;
    public string Name => _map?.Source.Name ?? ((IRasterSource)_band!).Name;
    public IEnumerable<string> InputFiles => _map?.Source.Bands.SelectMany(b => b.InputFiles) ?? _band!.InputFiles;

    /// <summary>Class rows of the map (pixels, area), measured as Measure-RasterClass does.</summary>
    public IReadOnlyList<RasterClass> Measure(CancellationToken cancellation) =>
        (_map is not null ? ClassAreas.Measure(_map, Names, cancellation) : ClassAreas.Measure(_band!, Names, cancellation)).Rows;

    /// <summary>The map's classes: those it has (a class map's K; a file's named classes) and any label seen.</summary>
    public IReadOnlyList<MapClass> Classes(IEnumerable<long> seen)
    {
        var values = new SortedSet<long>(seen);
        var k = _map?.K ?? Names.Count;
        for (var i = 0; i < k; i++) values.Add(i);
        return values.Select(v => new MapClass(v, v < Names.Count && Names[(int)v].Length > 0 ? Names[(int)v] : null)).ToArray();
    }

    /// <summary>
    /// Labels the first bands of a window (the map's source; bands after them are ignored): the
    /// class, or −1 where the pixel is missing in any band of the window.
    /// </summary>
    public void Label(WindowPixels pixels, Span<int> labels)
    {
        var valid = pixels.MayHaveMissing ? pixels.Validity : default;
        if (_map is not null)
        {
            var classes = new ushort[pixels.Count];
            _map.Label<ushort>(pixels, classes);
            var missing = _map.NoDataLabel;
            for (var i = 0; i < labels.Length; i++)
                labels[i] = classes[i] == missing || (!valid.IsEmpty && valid[i] == 0) ? -1 : classes[i];
            return;
        }
        var raw = pixels.RawBand(0);
        var type = pixels.Types[0];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!valid.IsEmpty && valid[i] == 0) { labels[i] = -1; continue; }
            var v = type == RasterDataType.Byte ? raw[i] : (long)PixelMath.ValueAt(raw, type, i);
            labels[i] = v is >= 0 and < 65536 ? (int)v
                : throw new RasterException("NotAClassMap", RasterErrorKind.InvalidData, $"{_band} holds the value {v}: classes are numbered from 0 to 65535.");
        }
    }
}
