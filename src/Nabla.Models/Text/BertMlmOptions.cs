namespace Nabla.Models.Text;

/// <summary>
/// Settings of <see cref="BertMlm.Train"/> beyond steps, batch, length and seed. The defaults follow BERT's recipe
/// scaled to a short CPU run: AdamW (β = 0.9, 0.999, ε = 1e-6) with weight decay 0.01 on matrices only, linear
/// warm-up over the first 10% of steps then linear decay to zero, gradient-norm clipping at 1.
/// </summary>
public sealed record BertMlmOptions
{
    /// <summary>Model sizes; null gives the default <see cref="BertMlmConfig"/> with MaxLength equal to the sequence length.</summary>
    public BertMlmConfig? Model { get; init; }

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Warm-up steps; null means 10% of the steps (at least one).</summary>
    public int? WarmupSteps { get; init; }

    /// <summary>Decoupled weight decay of the weight matrices (biases, norms and the output bias have none).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gradients are rescaled to this global L2 norm when larger.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Fraction of the corpus, taken from its end, held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Number of validation windows, spread evenly over the held-out text.</summary>
    public int ValidationSequences { get; init; } = 256;

    /// <summary>Seed of the validation masks, fixed so that runs with different training seeds are scored on the same task.</summary>
    public int ValidationSeed { get; init; } = 1234;

    /// <summary>Called after every step with the step number (from 1) and the training loss.</summary>
    public Action<int, double>? Progress { get; init; }
}
