using System.Management.Automation;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Core.Sentinel2;

namespace RasterCmdlets.Commands;

/// <summary>
/// Describes bands of Sentinel-2 L1C or L2A products (a .SAFE folder, its .zip or its
/// MTD_MSIL1C.xml/MTD_MSIL2A.xml): one RasterBand per band asked for, with its name, product, date,
/// tile, baseline, scale and offset from the product's metadata, optionally masked by the product's
/// scene classification. Reads the metadata only; no pixel is read.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Sentinel2Band", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RasterBand))]
public sealed class GetSentinel2BandCommand : FileInputCmdlet
{
    /// <summary>The SCL classes -CloudMask takes out: no data, saturated or defective, cloud shadow, cloud of medium and high probability, thin cirrus.</summary>
    private static readonly int[] DefaultMaskClasses = [0, 1, 3, 8, 9, 10];

    /// <summary>ESA band names (B01...B12, B8A, SCL), any case; every spectral band when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Sentinel2BandNameCompleter))]
    public string[]? Band { get; set; }

    /// <summary>Another of the product's grids, in metres, instead of each band's native one.</summary>
    [Parameter]
    [ValidateSet("10", "20", "60")]
    public int Resolution { get; set; }

    /// <summary>Takes out the pixels the product's scene classification (SCL) puts in -MaskClass.</summary>
    [Parameter]
    public SwitchParameter CloudMask { get; set; }

    /// <summary>The SCL classes taken out (implies -CloudMask); 0, 1, 3, 8, 9 and 10 by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, 255)]
    public int[] MaskClass { get; set; } = DefaultMaskClasses;

    protected override void ProcessRecord()
    {
        int? resolution = MyInvocation.BoundParameters.ContainsKey(nameof(Resolution)) ? Resolution : null;
        var masked = CloudMask.IsPresent || MyInvocation.BoundParameters.ContainsKey(nameof(MaskClass));
        foreach (var path in InputFiles(allowFolders: true))
        {
            try
            {
                // Every band of a product is described before any is written: a product that fails writes nothing.
                var bands = RunCore(() =>
                {
                    var product = Sentinel2Product.Open(path);
                    var described = product.Bands(Band, resolution);
                    return masked ? described.Select(b => product.WithCloudMask(b, MaskClass)).ToArray() : described;
                });
                foreach (var band in bands)
                    WriteObject(band);
            }
            catch (Exception e) when (IsReportable(e))
            {
                WriteError(ErrorFor(e, path));
            }
        }
    }
}
