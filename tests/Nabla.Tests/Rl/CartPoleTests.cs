using Nabla.Rl.Envs;
using Nabla.Rl.Spaces;
using Xunit;

namespace Nabla.Tests.Rl;

/// <summary>CartPole against the curriculum's printed trace and spaces (seed000-inventory §7.5 and §14.12).</summary>
public class CartPoleTests
{
    // The printed observations have 8 decimals and the state is float32, whose spacing near 0.3 is 3e-8.
    private const double Tol = 1.5e-8;

    private static void AssertClose(double[] expected, float[] actual, double tol = Tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"component {i}: expected {expected[i]:F8}, got {actual[i]:F10}");
    }

    private static float[] StepFrom(float[] state, int action)
    {
        var env = new CartPole();
        env.State = state;
        return env.Step(action).Observation;
    }

    [Fact]
    public void BackSolvedResetStateWithActionZeroGivesPrintedStep0()
        => AssertClose([0.00110925, -0.21506057, 0.00975978, 0.32138836], StepFrom([0.00150540f, -0.01980728f, 0.00924371f, 0.02580333f], 0));

    [Fact]
    public void PrintedStep0WithActionOneGivesStep1()
        => AssertClose([-0.00319196, -0.02007895, 0.01618755, 0.03179920], StepFrom([0.00110925f, -0.21506057f, 0.00975978f, 0.32138836f], 1));

    [Fact]
    public void PrintedStep1WithActionOneGivesStep2()
        => AssertClose([-0.00359354, 0.17480716, 0.01682353, -0.25573275], StepFrom([-0.00319196f, -0.02007896f, 0.01618755f, 0.0317992f], 1));

    [Fact]
    public void WholePrintedTraceFromTheBackSolvedState()
    {
        var env = new CartPole();
        env.State = [0.00150540f, -0.01980728f, 0.00924371f, 0.02580333f];
        var s0 = env.Step(0);
        var s1 = env.Step(1);
        var s2 = env.Step(1);
        // Chained from the back-solved (8-decimal) state, float32 rounding accumulates to one more float32 spacing.
        AssertClose([0.00110925, -0.21506057, 0.00975978, 0.32138836], s0.Observation, 3e-8);
        AssertClose([-0.00319196, -0.02007896, 0.01618755, 0.0317992], s1.Observation, 3e-8);
        AssertClose([-0.00359354, 0.17480716, 0.01682353, -0.25573275], s2.Observation, 3e-8);
        Assert.All(new[] { s0, s1, s2 }, s => Assert.Equal((1.0, false, false), (s.Reward, s.Terminated, s.Truncated)));
    }

    [Fact]
    public void SpacesMatchThePrintedBoxAndDiscrete()
    {
        var env = new CartPole();
        var box = Assert.IsType<Box>(env.ObservationSpace);
        // Printed: [-4.8000000e+00 -3.40282347e+38 -4.18879020e-01 -3.40282347e+38] and the negation.
        Assert.Equal([4], box.Shape);
        Assert.Equal(new[] { -4.8f, float.MinValue, -0.41887903f, float.MinValue }, box.Low);
        Assert.Equal(new[] { 4.8f, float.MaxValue, 0.41887903f, float.MaxValue }, box.High);
        Assert.Equal(3.40282347e+38, (double)box.High[1], 3.40282347e+38 * 1e-8);
        // The slide printed float64 bounds; float32 rounds 0.418879020 to 0.418879032.
        Assert.Equal(4.18879020e-01, (double)box.High[2], 3e-8);
        Assert.Equal("Discrete(2)", env.ActionSpace.ToString());
        Assert.Equal(12 * Math.PI / 180, CartPole.ThetaThreshold, 15);
    }

    [Fact]
    public void ResetIsUniformInRangeAndSeedReproduces()
    {
        var env = new CartPole();
        var a = env.Reset(42).Observation;
        var b = env.Reset().Observation;
        var c = env.Reset(42).Observation;
        Assert.Equal(a, c);
        Assert.NotEqual(a, b);
        for (int i = 0; i < 200; i++)
            Assert.All(env.Reset().Observation, v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void FailsPastTwelveDegreesAndPaysZeroAfterTermination()
    {
        var env = new CartPole();
        env.State = [0f, 0f, 0.2f, 2f];
        var r = env.Step(1);
        Assert.True(r.Terminated);
        Assert.Equal(1.0, r.Reward);
        Assert.Equal(0.0, env.Step(1).Reward);
        env.State = [2.39f, 1f, 0f, 0f];
        Assert.True(env.Step(1).Terminated);
    }

    [Fact]
    public void AlwaysPushingRightFailsQuickly()
    {
        var env = new CartPole();
        env.Reset(0);
        int steps = 0;
        while (!env.Step(1).Terminated) steps++;
        Assert.InRange(steps, 5, 40);
    }

    [Fact]
    public void LeftRightPolicyLastsAboutFortyStepsAndRandomAboutTwenty()
    {
        // Curriculum §7.5: the fixed policy "push toward the lean" does "rather poorly (~40 ≪ 200)".
        static double Mean(Func<float[], Env<float[], int>, int> policy)
        {
            var env = Gym.Make<float[], int>("CartPole-v1");
            env.ActionSpace.Seed(1);
            var obs = env.Reset(2).Observation;
            double total = 0;
            for (int i = 0; i < 500; i++)
            {
                if (i > 0) obs = env.Reset().Observation;
                StepResult<float[]> r;
                do
                {
                    r = env.Step(policy(obs, env));
                    obs = r.Observation;
                    total += r.Reward;
                }
                while (!r.Done);
            }
            return total / 500;
        }
        Assert.InRange(Mean((o, _) => o[2] > 0 ? 1 : 0), 35, 50);
        Assert.InRange(Mean((_, e) => e.ActionSpace.Sample()), 18, 27);
    }

    [Fact]
    public void StepBeforeResetAndBadActionsThrow()
    {
        var env = new CartPole();
        Assert.Contains("CartPole: call Reset before Step", Assert.Throws<InvalidOperationException>(() => env.Step(0)).Message);
        env.Reset(0);
        Assert.Contains("CartPole: action 2 is not in Discrete(2)", Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2)).Message);
    }

    [Fact]
    public void RenderShowsTheCartOnTheTrack()
    {
        var env = new CartPole();
        env.State = [0f, 0f, 0f, 0f];
        string text = env.Render();
        Assert.StartsWith("[--------------------|--------------------]", text);
        Assert.Contains("theta=  0.00000", text);
    }
}
