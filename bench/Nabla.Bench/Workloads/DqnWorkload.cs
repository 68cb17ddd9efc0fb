using System.Diagnostics;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;

namespace Nabla.Bench.Workloads;

/// <summary>
/// DQN on CartPole-v1 with the benchmark's configuration (<see cref="Options"/>): 5000 environment steps timed end to
/// end, after an untimed 300-step warm-up run of another agent, like bench/reference/dqn.py. Also reports the number
/// of episodes finished.
/// </summary>
public sealed class DqnWorkload : Workload
{
    /// <summary>
    /// The benchmark's fixed configuration (Q-network 4→128→128→2, replay 10 000, batch 64, one update per step from 64
    /// stored transitions, target sync every 500 steps, ε 1.0 → 0.05 over 2000 steps, γ 0.99, Huber, Adam(1e-3)),
    /// spelled out so that changes to the <see cref="DqnOptions"/> defaults do not change the workload.
    /// </summary>
    public static DqnOptions Options { get; } = new()
    {
        HiddenSizes = [128, 128],
        LearningRate = 1e-3,
        Gamma = 0.99,
        BatchSize = 64,
        BufferCapacity = 10_000,
        LearningStarts = 64,
        TrainFrequency = 1,
        GradientSteps = 1,
        TargetUpdateInterval = 500,
        EpsilonStart = 1.0,
        EpsilonEnd = 0.05,
        EpsilonDecaySteps = 2000,
        DoubleDqn = false,
        Loss = DqnLoss.Huber,
        MaxGradNorm = null,
    };

    /// <inheritdoc />
    public override string Name => "dqn";

    /// <inheritdoc />
    public override OrderedDictionary<string, double> RunNabla()
    {
        Run(300, seed: 1);
        long start = Stopwatch.GetTimestamp();
        int episodes = Run(5000, seed: 0);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new OrderedDictionary<string, double> { ["steps5000_s"] = seconds, ["episodes"] = episodes };
    }

    private static int Run(int steps, long seed)
    {
        var env = Gym.Make<float[], int>("CartPole-v1");
        var agent = new Dqn(4, 2, Options, seed);
        return agent.Learn(env, steps, seed).Episodes.Count;
    }
}
