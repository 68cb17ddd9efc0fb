using Nabla.Nn;

namespace Nabla.Rl.Agents;

/// <summary>The hidden-layer nonlinearity of an agent's network.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>tanh(x), common in policy-gradient networks.</summary>
    Tanh,
}

/// <summary>The multilayer perceptrons the agents use: Linear layers with a nonlinearity between them, PyTorch's default initialisation.</summary>
public static class Mlp
{
    /// <summary>
    /// <c>Sequential(Linear(inputs, h0), act, ..., Linear(hLast, outputs))</c> mapping (N, inputs) to (N, outputs); with no
    /// hidden sizes it is a single Linear layer. Weights are drawn from <paramref name="generator"/>.
    /// </summary>
    public static Sequential Create(int inputs, IReadOnlyList<int> hidden, int outputs, Generator? generator = null, Activation activation = Activation.ReLU)
    {
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), $"Mlp.Create: outputs must be positive, got {outputs}.");
        var net = Trunk(inputs, hidden, generator, activation);
        return net.Add(new Linear(hidden.Count == 0 ? inputs : hidden[^1], outputs, generator: generator));
    }

    /// <summary>
    /// The hidden part alone, <c>Sequential(Linear(inputs, h0), act, ..., Linear(h(k−1), hk), act)</c>, mapping (N, inputs)
    /// to (N, hLast); heads go on top (e.g. the policy and value heads of a shared actor-critic).
    /// </summary>
    public static Sequential Trunk(int inputs, IReadOnlyList<int> hidden, Generator? generator = null, Activation activation = Activation.ReLU)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), $"Mlp.Create: inputs must be positive, got {inputs}.");
        var net = new Sequential();
        int width = inputs;
        foreach (int h in hidden)
        {
            if (h <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), $"Mlp.Create: hidden sizes must be positive, got {h}.");
            net.Add(new Linear(width, h, generator: generator)).Add(activation == Activation.Tanh ? new Tanh() : new ReLU());
            width = h;
        }
        return net;
    }
}
