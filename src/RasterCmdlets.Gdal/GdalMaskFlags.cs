namespace RasterCmdlets.Gdal;

/// <summary>GDAL's GMF_* flags: how a band's mask band is made.</summary>
[Flags]
public enum GdalMaskFlags
{
    None = 0,
    AllValid = 0x01,
    PerDataset = 0x02,
    Alpha = 0x04,
    NoData = 0x08,
}
