using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Sentinel2;

/// <summary>One image of a product, as its metadata lists it (IMAGE_FILE): a band at one resolution.</summary>
public sealed record Sentinel2ImageFile(string Band, int Resolution, string RelativePath);
