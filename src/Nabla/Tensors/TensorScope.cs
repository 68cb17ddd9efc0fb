namespace Nabla;

/// <summary>
/// Disposes, when it ends, every tensor created on this thread while it was open, except those moved out with
/// <see cref="Keep"/>; a steady training loop that runs each step in a scope returns all its temporaries to the
/// buffer pool. Scopes are optional, nest (a tensor belongs to the innermost open scope), and may be disposed out
/// of order. Gradients stored into a leaf's <see cref="Tensor.Grad"/> leave the scope automatically.
/// </summary>
/// <example><code>
/// using (var scope = TensorScope.Begin())
/// {
///     var loss = model.Forward(x).Sub(y).Pow(2).Mean();
///     loss.Backward();
///     optimizer.Step();
///     lossValue = loss.Item();
/// }
/// </code></example>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;
    [ThreadStatic] private static int _suspended;

    private TensorScope? _outer;
    private readonly List<Tensor> _tensors = [];
    private bool _disposed;

    private TensorScope(TensorScope? outer) => _outer = outer;

    /// <summary>Opens a scope on the current thread; it collects tensors until disposed.</summary>
    public static TensorScope Begin() => _current = new TensorScope(_current);

    /// <summary>Number of tensors the scope will dispose.</summary>
    public int Count => _tensors.Count(t => t.Scope == this);

    /// <summary>
    /// Moves <paramref name="tensor"/> out of this scope into the enclosing one (or out of all scopes), so it
    /// survives this scope's end. Returns it, for chaining.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        if (tensor.Scope == this)
        {
            tensor.Scope = null;
            _outer?.Adopt(tensor);
        }
        return tensor;
    }

    /// <summary>Creates tensors outside every scope until the returned handle is disposed (for long-lived state).</summary>
    public static SuspendHandle Suspend()
    {
        _suspended++;
        return default;
    }

    /// <summary>Ends a <see cref="Suspend"/> region.</summary>
    public readonly struct SuspendHandle : IDisposable
    {
        /// <summary>Resumes registering new tensors with the current scope.</summary>
        public void Dispose() => _suspended--;
    }

    /// <summary>Disposes the scope's tensors and closes it, wherever it is in the stack of open scopes.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Unlink();
        foreach (var t in _tensors)
            if (t.Scope == this)
            {
                t.Scope = null;
                t.Dispose();
            }
        _tensors.Clear();
    }

    internal static void Register(Tensor t)
    {
        if (_suspended == 0 && _current is { } scope) scope.Adopt(t);
    }

    /// <summary>Takes <paramref name="t"/> out of whatever scope holds it, so no scope disposes it.</summary>
    internal static void Release(Tensor t) => t.Scope = null;

    private void Adopt(Tensor t)
    {
        _tensors.Add(t);
        t.Scope = this;
    }

    private void Unlink()
    {
        if (_current == this)
        {
            _current = _outer;
            return;
        }
        for (var s = _current; s is not null; s = s._outer)
            if (s._outer == this)
            {
                s._outer = _outer;
                return;
            }
    }
}
