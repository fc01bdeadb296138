using System.Collections;
using System.Globalization;
using System.Management.Automation;
using RasterCmdlets.Core.Indices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Commands;

/// <summary>
/// Computes a spectral index (a built-in one by name, or a formula) from the bands piped in: one lazy
/// Float32 band in physical units (each band's Scale and Offset applied), on the grid of the finest
/// band, NaN wherever a band is NoData or masked or the result is not finite.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SpectralIndex", DefaultParameterSetName = IndexSet)]
[OutputType(typeof(RasterBand))]
public sealed class GetSpectralIndexCommand : RasterCmdlet
{
    private const string IndexSet = "Index";
    private const string ExpressionSet = "Expression";
    private readonly List<RasterBand> _bands = [];

    /// <summary>A built-in index: NDVI, NDWI, MNDWI, NDMI, NBR, AWEInsh, AWEIsh.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IndexSet)]
    public SpectralIndexName Index { get; set; }

    /// <summary>A formula over band names (B03), role names (-BandRole) or b1, b2… by input order.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExpressionSet)]
    [ValidateNotNull]
    public string Expression { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RasterBand[] InputObject { get; set; } = [];

    /// <summary>Roles (Blue, Green, Red, NIR, SWIR1, SWIR2, or any name for -Expression) given to input bands: band numbers or names.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable BandRole { get; set; } = [];

    /// <summary>How bands coarser than the finest are resampled onto its grid.</summary>
    [Parameter]
    public RasterResampling Resampling { get; set; } = RasterResampling.Bilinear;

    protected override object? ErrorTarget => ParameterSetName == ExpressionSet ? Expression : Index;

    protected override bool EndFailureStopsThePipeline => true;

    protected override void ProcessInput() => _bands.AddRange(InputObject);

    protected override void EndInput()
    {
        // Nothing piped in (the reader upstream failed and said so): nothing to compute.
        if (_bands.Count == 0) return;
        WriteObject(ParameterSetName == ExpressionSet ? FromExpression() : FromIndex());
    }

    private RasterBand FromIndex()
    {
        var roles = SpectralIndex.RolesOf(Index);
        var names = Names();
        var bands = roles.Select(role => names.FirstOrDefault(n => string.Equals(n.Name, role, StringComparison.OrdinalIgnoreCase)).Band
            ?? throw new RasterException("MissingBandRole", RasterErrorKind.InvalidArgument,
                $"{Index} needs a {role} band, and none of the {_bands.Count} input band{(_bands.Count == 1 ? " is" : "s is")} known as {role}. " +
                $"Sentinel-2 bands are known by their name (B02 Blue, B03 Green, B04 Red, B08 NIR, B11 SWIR1, B12 SWIR2); " +
                $"give others their role, e.g. -BandRole @{{ {role} = 4 }}.")).ToArray();
        var formula = IndexFormula.Parse(SpectralIndex.FormulaOf(Index), roles);
        return SpectralIndex.Compute(formula, bands, Resampling, Index.ToString());
    }

    private RasterBand FromExpression()
    {
        var names = Names();
        var all = IndexFormula.Parse(Expression, names.Select(n => n.Name).ToArray());
        var used = all.UsedInputs;
        var formula = IndexFormula.Parse(Expression, used.Select(i => names[i].Name).ToArray());
        return SpectralIndex.Compute(formula, used.Select(i => names[i].Band).ToArray(), Resampling, Expression);
    }

    /// <summary>Every name a band answers to: its role from -BandRole, its Sentinel-2 name and role, and b1, b2… by input order.</summary>
    private List<(string Name, RasterBand Band)> Names()
    {
        var names = new List<(string Name, RasterBand Band)>();
        foreach (DictionaryEntry entry in BandRole)
        {
            var role = entry.Key?.ToString() ?? "";
            if (!IsIdentifier(role))
                throw new RasterException("InvalidExpression", RasterErrorKind.InvalidArgument,
                    $"-BandRole: '{role}' cannot name a band in a formula: use letters, digits and _, starting with a letter.");
            names.Add((role, BandFor(role, entry.Value is PSObject p ? p.BaseObject : entry.Value)));
        }
        for (var i = 0; i < _bands.Count; i++)
        {
            if (BandRoles.Sentinel2NameOf(_bands[i]) is not { } s2) continue;
            names.Add((s2, _bands[i]));
            if (BandRoles.OfSentinel2Band(s2) is { } role) names.Add((role, _bands[i]));
        }
        for (var i = 0; i < _bands.Count; i++) names.Add(($"b{i + 1}", _bands[i]));
        // The first band to answer to a name has it (a role given with -BandRole over a known one).
        return names.DistinctBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private RasterBand BandFor(string role, object? value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        var band = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? _bands.FirstOrDefault(b => b.BandNumber == number)
            : _bands.Select((b, i) => (b, i)).FirstOrDefault(x =>
                string.Equals(BandRoles.Sentinel2NameOf(x.b), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals($"b{x.i + 1}", text, StringComparison.OrdinalIgnoreCase)
                || (x.b.Description.Length > 0 && string.Equals(x.b.Description, text, StringComparison.OrdinalIgnoreCase))).b;
        return band ?? throw new RasterException("UnknownBandName", RasterErrorKind.InvalidArgument,
            $"-BandRole gives {role} the band '{text}', which is none of the input bands ({string.Join(", ", _bands.Select(b => b.ToString()))}).");
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}
