using System.Numerics;
using System.Runtime.InteropServices;

namespace RasterCmdlets.Core.Indices;

/// <summary>How one input of an index is turned into physical values, and when its pixel is missing.</summary>
/// <param name="Scale">Physical value = raw × Scale + Offset.</param>
/// <param name="NoData">The raw value that marks a missing pixel, or null.</param>
internal readonly record struct IndexInput(double Scale, double Offset, double? NoData);
