using System.Management.Automation;

namespace RasterCmdlets;

/// <summary>
/// Lets an int[] parameter take a range written in argument mode: in a command, 2..8 arrives as the
/// string "2..8" (only (2..8) is an expression), so it is expanded here.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        if (value is string text && text.Split("..") is [var from, var to]
            && int.TryParse(from, out var first) && int.TryParse(to, out var last))
        {
            var step = first <= last ? 1 : -1;
            return Enumerable.Range(0, Math.Abs(last - first) + 1).Select(i => first + i * step).ToArray();
        }
        return inputData;
    }
}
