namespace Nabla.Autograd;

/// <summary>
/// Thread-local switch for recording the autograd graph, like PyTorch's <c>torch.no_grad()</c> and
/// <c>torch.enable_grad()</c>. Scopes nest and restore the previous state when disposed.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    /// <summary>Whether ops on this thread record the graph.</summary>
    public static bool IsEnabled => !_disabled;

    /// <summary>Stops graph recording until the returned scope is disposed: <c>using (GradMode.NoGrad()) { ... }</c>.</summary>
    public static Scope NoGrad() => Set(false);

    /// <summary>Turns graph recording on until the returned scope is disposed.</summary>
    public static Scope EnableGrad() => Set(true);

    /// <summary>Sets recording on or off until the returned scope is disposed.</summary>
    public static Scope Set(bool enabled)
    {
        var scope = new Scope(!_disabled);
        _disabled = !enabled;
        return scope;
    }

    /// <summary>Restores the grad mode that was active when it was created.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previous;

        internal Scope(bool previous) => _previous = previous;

        /// <summary>Restores the previous mode.</summary>
        public void Dispose() => _disabled = !_previous;
    }
}
