using System.Linq.Expressions;
using System.Reflection;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Indices;

/// <summary>What one step of an <see cref="IndexFormula"/> does to its stack of windows.</summary>
internal enum IndexOp : byte
{
    Load,
    Constant,
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,
    Abs,
    Sqrt,
    Min,
    Max,
}
