namespace Nabla.Rl.Agents;

/// <summary>Hyperparameters of <see cref="A2c"/>.</summary>
public sealed record A2cOptions
{
    /// <summary>Environment copies stepped together.</summary>
    public int NumEnvs { get; init; } = 8;

    /// <summary>Steps per copy in each rollout (the n of n-step returns); an update sees NumEnvs × RolloutSteps transitions.</summary>
    public int RolloutSteps { get; init; } = 5;

    /// <summary>Discount factor γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE's λ: 1 gives plain n-step returns, smaller values trade variance for bias.</summary>
    public double GaeLambda { get; init; } = 1.0;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight of the critic's squared error in the loss.</summary>
    public double ValueCoef { get; init; } = 0.5;

    /// <summary>Weight of the entropy bonus.</summary>
    public double EntropyCoef { get; init; } = 0.0;

    /// <summary>When set, gradients are clipped to this total 2-norm before each step.</summary>
    public double? MaxGradNorm { get; init; } = 0.5;

    /// <summary>Widths of the hidden layers (of the trunk, or of each network when not shared).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 64];

    /// <summary>Hidden-layer nonlinearity.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Whether actor and critic share their hidden layers.</summary>
    public bool SharedNetwork { get; init; }

    /// <summary>Whether each update's advantages are rescaled to mean 0 and standard deviation 1.</summary>
    public bool NormalizeAdvantages { get; init; }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        if (NumEnvs <= 0) throw new ArgumentOutOfRangeException(nameof(NumEnvs), $"A2cOptions: NumEnvs must be positive, got {NumEnvs}.");
        if (RolloutSteps <= 0) throw new ArgumentOutOfRangeException(nameof(RolloutSteps), $"A2cOptions: RolloutSteps must be positive, got {RolloutSteps}.");
        if (Gamma is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(Gamma), $"A2cOptions: Gamma must be in [0, 1], got {Gamma}.");
        if (GaeLambda is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(GaeLambda), $"A2cOptions: GaeLambda must be in [0, 1], got {GaeLambda}.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"A2cOptions: LearningRate must be positive, got {LearningRate}.");
        if (ValueCoef < 0) throw new ArgumentOutOfRangeException(nameof(ValueCoef), $"A2cOptions: ValueCoef must be non-negative, got {ValueCoef}.");
        if (EntropyCoef < 0) throw new ArgumentOutOfRangeException(nameof(EntropyCoef), $"A2cOptions: EntropyCoef must be non-negative, got {EntropyCoef}.");
        if (MaxGradNorm is double m && !(m > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), $"A2cOptions: MaxGradNorm must be positive, got {m}.");
    }
}
