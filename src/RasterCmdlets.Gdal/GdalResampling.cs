namespace RasterCmdlets.Gdal;

/// <summary>GDAL's GDALRIOResampleAlg, for reads into a buffer of another size.</summary>
public enum GdalResampling
{
    Nearest = 0,
    Average = 5,
}
