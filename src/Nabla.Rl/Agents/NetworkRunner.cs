using Nabla.Autograd;
using Nabla.Nn;

namespace Nabla.Rl.Agents;

/// <summary>
/// Runs a float32 network on a fixed-size batch of observations without autograd, for acting: the input tensor
/// (Batch, InputSize) is allocated once and refilled per call, and the step's temporaries go back to the buffer pool
/// through a <see cref="TensorScope"/>, so a call allocates no managed memory.
/// </summary>
public sealed class NetworkRunner
{
    private readonly Module _network;
    private readonly Tensor _input;

    /// <summary>Runs <paramref name="network"/>, which maps (batch, inputSize) to (batch, outputSize).</summary>
    public NetworkRunner(Module network, int inputSize, int outputSize, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (inputSize <= 0 || outputSize <= 0 || batch <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize),
                $"NetworkRunner: sizes must be positive, got input {inputSize}, output {outputSize}, batch {batch}.");
        _network = network;
        (InputSize, OutputSize, Batch) = (inputSize, outputSize, batch);
        using (TensorScope.Suspend()) _input = Tensor.Zeros([batch, inputSize], DType.Float32);
    }

    /// <summary>Floats per input row.</summary>
    public int InputSize { get; }

    /// <summary>Floats per output row.</summary>
    public int OutputSize { get; }

    /// <summary>Rows per call.</summary>
    public int Batch { get; }

    /// <summary>
    /// Writes the network's outputs for <paramref name="inputs"/> (Batch × InputSize, row-major) into
    /// <paramref name="outputs"/> (Batch × OutputSize).
    /// </summary>
    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        if (inputs.Length != Batch * InputSize || outputs.Length != Batch * OutputSize)
            throw new ArgumentException(
                $"NetworkRunner.Run: got {inputs.Length} inputs and room for {outputs.Length} outputs; expected {Batch}×{InputSize} and {Batch}×{OutputSize}.");
        inputs.CopyTo(_input.Data<float>());
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var y = _network.Forward(_input);
        if (y.NumElements != outputs.Length || y.DType != DType.Float32)
            throw new InvalidOperationException($"NetworkRunner.Run: the network returned {y.DType} of shape {y.Shape}, expected ({Batch}, {OutputSize}) float32.");
        y.Contiguous().Data<float>().CopyTo(outputs);
    }
}

/// <summary>Action choice from network outputs: greedy, ε-greedy and sampling from softmax logits, all allocation-free.</summary>
public static class ActionSelection
{
    /// <summary>The index of the largest value (the first on ties, like <c>argmax</c>).</summary>
    public static int Argmax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("ActionSelection.Argmax: no values.");
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>An action drawn from the softmax of <paramref name="logits"/> with one uniform draw from <paramref name="generator"/>.</summary>
    public static int SampleFromLogits(ReadOnlySpan<float> logits, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (logits.IsEmpty) throw new ArgumentException("ActionSelection.SampleFromLogits: no logits.");
        double max = double.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        double total = 0;
        foreach (float l in logits) total += Math.Exp(l - max);
        double u = generator.NextDouble() * total;
        for (int i = 0; i < logits.Length - 1; i++)
        {
            u -= Math.Exp(logits[i] - max);
            if (u < 0) return i;
        }
        return logits.Length - 1;
    }
}

/// <summary>The greedy policy of a network whose outputs are action scores (Q-values or logits): argmax per observation.</summary>
public sealed class GreedyPolicy : IPolicy
{
    private readonly NetworkRunner _runner;
    private readonly float[] _outputs;

    /// <summary>Acts greedily with <paramref name="network"/>, mapping (1, observationSize) to (1, actionCount).</summary>
    public GreedyPolicy(Module network, int observationSize, int actionCount)
    {
        Network = network;
        _runner = new NetworkRunner(network, observationSize, actionCount);
        _outputs = new float[actionCount];
    }

    /// <summary>The network whose outputs are argmaxed.</summary>
    public Module Network { get; }

    /// <inheritdoc />
    public int Act(ReadOnlySpan<float> observation)
    {
        _runner.Run(observation, _outputs);
        return ActionSelection.Argmax(_outputs);
    }
}
