namespace RasterCmdlets.Core.Rasters;

/// <summary>
/// A setting that work reads from its calling flow: a scope (a test, say) changes it for itself and
/// the work it starts, never for work running beside it in other threads or runspaces, and puts it
/// back when disposed. No process-wide mutable state, so concurrent callers cannot see each other's.
/// </summary>
public sealed class ScopedSetting<T>(T fallback) where T : struct
{
    private readonly AsyncLocal<T?> _scoped = new();

    /// <summary>The scope's value, or the default outside any scope.</summary>
    public T Value => _scoped.Value ?? fallback;

    /// <summary>Sets the value for the calling flow until the result is disposed.</summary>
    public IDisposable Use(T value)
    {
        var previous = _scoped.Value;
        _scoped.Value = value;
        return new Restore(() => _scoped.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
