using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Nabla.Rl.Spaces;
using Xunit;

namespace Nabla.Tests.Rl.Agents;

/// <summary>FrameStack: concatenated frames, oldest first, reset fills every slot, tiled bounds.</summary>
public class FrameStackTests
{
    [Fact]
    public void StacksTheLastFramesOldestFirst()
    {
        var plain = Gym.Make<float[], int>("CartPole-v1");
        var stacked = new FrameStack(Gym.Make<float[], int>("CartPole-v1"), 3);
        var first = plain.Reset(5).Observation;
        var s0 = stacked.Reset(5).Observation;
        Assert.Equal(12, s0.Length);
        Assert.Equal([.. first, .. first, .. first], s0);
        var o1 = plain.Step(1).Observation;
        var s1 = stacked.Step(1).Observation;
        Assert.Equal([.. first, .. first, .. o1], s1);
        var o2 = plain.Step(0).Observation;
        var s2 = stacked.Step(0);
        Assert.Equal([.. first, .. o1, .. o2], s2.Observation);
        var box = Assert.IsType<Box>(stacked.ObservationSpace);
        Assert.Equal(12, box.Size);
        Assert.Equal(((Box)plain.ObservationSpace).Low[2], box.Low[10]);
        Assert.Equal(500, stacked.MaxEpisodeSteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameStack(plain, 0));
    }

    [Fact]
    public void DqnTrainsOnStackedFrames()
    {
        var env = new FrameStack(Gym.Make<float[], int>("CartPole-v1"), 2);
        var agent = new Dqn(8, 2, new DqnOptions { HiddenSizes = [16], LearningStarts = 64, TrainFrequency = 1, GradientSteps = 1 }, seed: 2);
        agent.Learn(env, 200, seed: 2);
        Assert.Equal(200 - 64 + 1, agent.Updates);
    }
}
