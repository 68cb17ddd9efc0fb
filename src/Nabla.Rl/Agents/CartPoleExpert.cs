namespace Nabla.Rl.Agents;

/// <summary>
/// A hand-written CartPole controller to imitate: linear state feedback u = k·[x, ẋ, θ, θ̇] with gains
/// (1, 1.5, 20, 3), pushing right when u &gt; 0. The large angle gains hold the pole up (a PD law on θ), and the
/// small cart gains, with the same sign as in an LQR design, walk the cart back to the centre by leaning the pole first.
/// It scores 500 on every CartPole-v1 episode and recovers from states far off the balanced one
/// (|x| up to 1.5, |θ| up to 0.15), which DAgger's learner visits.
/// </summary>
public sealed class CartPoleExpert : IPolicy
{
    private readonly double[] _gains;

    /// <summary>The controller with the default gains, or with <paramref name="gains"/> (four values) when given.</summary>
    public CartPoleExpert(IReadOnlyList<double>? gains = null)
    {
        _gains = gains?.ToArray() ?? [1.0, 1.5, 20.0, 3.0];
        if (_gains.Length != 4) throw new ArgumentException($"CartPoleExpert: expected 4 gains, got {_gains.Length}.");
    }

    /// <summary>The gains on x, ẋ, θ, θ̇.</summary>
    public IReadOnlyList<double> Gains => _gains;

    /// <inheritdoc />
    public int Act(ReadOnlySpan<float> observation)
    {
        if (observation.Length != 4) throw new ArgumentException($"CartPoleExpert: expected a 4-float CartPole observation, got {observation.Length}.");
        double u = 0;
        for (int i = 0; i < 4; i++) u += _gains[i] * observation[i];
        return u > 0 ? 1 : 0;
    }
}
