namespace Nabla.Models.Text;

/// <summary>
/// The state of a recurrent language model after some tokens: the hidden state h (layers, N, H) and, for LSTMs, the
/// cell state c (layers, N, H). Carry it into the next call; <see cref="Detach"/> it between training batches so the
/// gradient stops at the batch boundary (truncated backpropagation through time).
/// </summary>
public sealed class CharRnnState : IDisposable
{
    /// <summary>A state of hidden state <paramref name="h"/> and, for LSTMs, cell state <paramref name="c"/>, each (layers, N, H).</summary>
    public CharRnnState(Tensor h, Tensor? c = null)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h.Rank != 3) throw new ArgumentException($"CharRnnState: expected h of shape (layers, N, H), got {h.Shape}.");
        if (c is not null && c.Shape != h.Shape)
            throw new ArgumentException($"CharRnnState: c has shape {c.Shape}, h has {h.Shape}; they must match.");
        H = h;
        C = c;
    }

    /// <summary>Hidden state (layers, N, H).</summary>
    public Tensor H { get; }

    /// <summary>LSTM cell state (layers, N, H), or null for RNNs and GRUs.</summary>
    public Tensor? C { get; }

    /// <summary>Number of sequences N the state is for.</summary>
    public int BatchSize => H.Size(1);

    /// <summary>The same values cut from the autograd graph (sharing data).</summary>
    public CharRnnState Detach() => new(H.Detach(), C?.Detach());

    /// <summary>Moves the state's tensors out of <paramref name="scope"/> so they outlive it; returns this state.</summary>
    public CharRnnState KeepIn(TensorScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Keep(H);
        if (C is not null) scope.Keep(C);
        return this;
    }

    /// <summary>Returns the tensors' buffers to the pool (views sharing them keep them alive).</summary>
    public void Dispose()
    {
        H.Dispose();
        C?.Dispose();
    }
}
