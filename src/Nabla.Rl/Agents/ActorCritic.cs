using Nabla.Nn;

namespace Nabla.Rl.Agents;

/// <summary>
/// Policy and state-value networks for <see cref="A2c"/>: either one shared trunk with a policy head (action logits)
/// and a value head, or two separate MLPs. <see cref="Module.Forward"/> returns the logits (N, A); <see cref="Evaluate"/>
/// returns logits and values together.
/// </summary>
public sealed class ActorCritic : Module
{
    private readonly Sequential? _trunk, _actor, _critic;
    private readonly Linear? _policyHead, _valueHead;

    /// <summary>Networks for <paramref name="observationSize"/>-float observations and <paramref name="actionCount"/> actions.</summary>
    public ActorCritic(int observationSize, int actionCount, IReadOnlyList<int> hidden, bool shared, Activation activation = Activation.Tanh,
        Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        Shared = shared;
        if (shared)
        {
            if (hidden.Count == 0) throw new ArgumentException("ActorCritic: a shared network needs at least one hidden layer.");
            _trunk = RegisterModule("trunk", Mlp.Trunk(observationSize, hidden, generator, activation));
            _policyHead = RegisterModule("policy_head", new Linear(hidden[^1], actionCount, generator: generator));
            _valueHead = RegisterModule("value_head", new Linear(hidden[^1], 1, generator: generator));
        }
        else
        {
            _actor = RegisterModule("actor", Mlp.Create(observationSize, hidden, actionCount, generator, activation));
            _critic = RegisterModule("critic", Mlp.Create(observationSize, hidden, 1, generator, activation));
        }
    }

    /// <summary>Whether actor and critic share their hidden layers.</summary>
    public bool Shared { get; }

    /// <summary>Action logits (N, A) and state values (N) for observations (N, ObservationSize).</summary>
    public (Tensor Logits, Tensor Values) Evaluate(Tensor observations)
    {
        if (Shared)
        {
            var h = _trunk!.Forward(observations);
            return (_policyHead!.Forward(h), _valueHead!.Forward(h).Squeeze(1));
        }
        return (_actor!.Forward(observations), _critic!.Forward(observations).Squeeze(1));
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input) => Shared ? _policyHead!.Forward(_trunk!.Forward(input)) : _actor!.Forward(input);
}
