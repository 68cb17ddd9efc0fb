using Nabla.Rl.Agents;
using Nabla.Rl.Tabular;

namespace Nabla.Rl.Training;

/// <summary>What <see cref="RlRunner.Run"/> trains and how it evaluates; the agent-specific records default to each agent's defaults.</summary>
public sealed record RlRunOptions
{
    /// <summary>The registered environment id, e.g. <c>CartPole-v1</c>.</summary>
    public required string EnvId { get; init; }

    /// <summary>One of <see cref="RlRunner.Agents"/>.</summary>
    public required string Agent { get; init; }

    /// <summary>Seeds the agent (weights, exploration, sampling) and the first training reset.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The training budget: environment steps for dqn, reinforce and a2c; expert labels for bc and dagger; null for each
    /// agent's default (<see cref="RlRunner.DefaultSteps"/>). Tabular agents count episodes instead.
    /// </summary>
    public long? Steps { get; init; }

    /// <summary>Training episodes of the tabular agents (q-learning, sarsa).</summary>
    public int? Episodes { get; init; }

    /// <summary>Greedy evaluation episodes after training.</summary>
    public int EvalEpisodes { get; init; } = Evaluation.DefaultEpisodes;

    /// <summary>
    /// For dqn, reinforce and a2c: a greedy evaluation of <see cref="CheckpointEpisodes"/> episodes runs every this many
    /// steps and the best weights are restored before the final evaluation. Null takes the agent's default
    /// (<see cref="RlRunner.DefaultCheckpointInterval"/>: every 2500 steps for dqn, none for the others); 0 turns it off.
    /// </summary>
    public int? CheckpointInterval { get; init; }

    /// <summary>Episodes per checkpoint evaluation.</summary>
    public int CheckpointEpisodes { get; init; } = 20;

    /// <summary>DQN hyperparameters.</summary>
    public DqnOptions Dqn { get; init; } = new();

    /// <summary>REINFORCE hyperparameters.</summary>
    public ReinforceOptions Reinforce { get; init; } = new();

    /// <summary>A2C hyperparameters.</summary>
    public A2cOptions A2c { get; init; } = new();

    /// <summary>Behavioural cloning and DAgger settings.</summary>
    public ImitationOptions Imitation { get; init; } = new();

    /// <summary>Q-learning and SARSA settings; <see cref="TabularOptions.Episodes"/> and <see cref="TabularOptions.Seed"/> are replaced by the run's.</summary>
    public TabularOptions Tabular { get; init; } = new();
}
