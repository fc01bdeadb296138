using System.Globalization;
using RasterCmdlets.Core.Changes;
using RasterCmdlets.Core.Rasters;
using ScottPlot;

namespace RasterCmdlets.Pictures;

/// <summary>One date of a class area chart: when (or, without a date, a label), the class's area, and the valid fraction of the map.</summary>
public sealed record ClassAreaPoint(DateTime? Time, string Label, double Area, string AreaUnit, double? ValidFraction);
