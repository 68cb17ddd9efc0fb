using Nabla.Rl.Envs;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>SyncVectorEnv: batched layout, per-copy seeding, same-step autoreset and episode statistics.</summary>
public class VectorEnvTests
{
    [Fact]
    public void CopiesMatchSeparatelySeededEnvironmentsAndAutoreset()
    {
        const int n = 3;
        var vec = SyncVectorEnv.Make("CartPole-v1", n);
        var singles = Enumerable.Range(0, n).Select(_ => Gym.Make<float[], int>("CartPole-v1")).ToArray();
        var obs = vec.Reset(seed: 10);
        Assert.Equal(n * 4, obs.Length);
        for (int i = 0; i < n; i++) Assert.Equal(singles[i].Reset(10 + i).Observation, obs.AsSpan(i * 4, 4).ToArray());

        var actions = new int[n];
        var lengths = new int[n];
        int finished = 0;
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < n; i++) actions[i] = (t / (i + 1)) % 2;
            var r = vec.Step(actions);
            for (int i = 0; i < n; i++)
            {
                var s = singles[i].Step(actions[i]);
                lengths[i]++;
                Assert.Equal(s.Reward, r.Rewards[i]);
                Assert.Equal(s.Terminated, r.Terminated[i]);
                if (s.Done)
                {
                    Assert.Equal(s.Observation, r.FinalObservations.AsSpan(i * 4, 4).ToArray());
                    Assert.Equal(lengths[i], r.EpisodeLengths[i]);
                    Assert.Equal(lengths[i], r.EpisodeReturns[i]);
                    lengths[i] = 0;
                    finished++;
                    s = s with { Observation = singles[i].Reset().Observation };
                }
                Assert.Equal(s.Observation, r.Observations.AsSpan(i * 4, 4).ToArray());
            }
        }
        Assert.True(finished > 3);
        var x = vec.ObservationTensor();
        Assert.Equal([n, 4], x.Dims);
        Assert.Equal(DType.Float32, x.DType);
    }

    [Fact]
    public void RejectsMismatchedInputs()
    {
        var vec = SyncVectorEnv.Make("CartPole-v0", 2);
        Assert.Contains("call Reset before Step", Assert.Throws<InvalidOperationException>(() => vec.Step([0, 1])).Message);
        vec.Reset(0);
        Assert.Contains("3 actions for 2 environments", Assert.Throws<ArgumentException>(() => vec.Step([0, 1, 0])).Message);
    }
}
