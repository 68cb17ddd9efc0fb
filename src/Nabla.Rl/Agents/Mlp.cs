using Nabla.Nn;

namespace Nabla.Rl.Agents;

/// <summary>The multilayer perceptrons the agents use: Linear layers with ReLU between them, PyTorch's default initialisation.</summary>
public static class Mlp
{
    /// <summary>
    /// <c>Sequential(Linear(inputs, h0), ReLU, ..., Linear(hLast, outputs))</c> mapping (N, inputs) to (N, outputs); with no
    /// hidden sizes it is a single Linear layer. Weights are drawn from <paramref name="generator"/>.
    /// </summary>
    public static Sequential Create(int inputs, IReadOnlyList<int> hidden, int outputs, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), $"Mlp.Create: inputs must be positive, got {inputs}.");
        if (outputs <= 0) throw new ArgumentOutOfRangeException(nameof(outputs), $"Mlp.Create: outputs must be positive, got {outputs}.");
        var net = new Sequential();
        int width = inputs;
        foreach (int h in hidden)
        {
            if (h <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), $"Mlp.Create: hidden sizes must be positive, got {h}.");
            net.Add(new Linear(width, h, generator: generator)).Add(new ReLU());
            width = h;
        }
        return net.Add(new Linear(width, outputs, generator: generator));
    }
}
