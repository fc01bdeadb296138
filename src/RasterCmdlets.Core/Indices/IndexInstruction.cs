using System.Linq.Expressions;
using System.Reflection;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Indices;

/// <summary>One step: <see cref="IndexOp.Load"/> pushes input <see cref="Input"/>, <see cref="IndexOp.Constant"/> pushes <see cref="Value"/>.</summary>
internal readonly record struct IndexInstruction(IndexOp Op, int Input = 0, double Value = 0);
