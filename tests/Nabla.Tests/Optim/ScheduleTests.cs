using Nabla.Optim;
using Xunit;

namespace Nabla.Tests.Optim;

/// <summary>Learning-rate schedules against PyTorch 1.13's 20-step sequences (Golden/Optim/schedules.json), two groups with lr 0.1 and 0.05.</summary>
public class ScheduleTests
{
    private static readonly Dictionary<string, Func<Optimizer, LRScheduler>> Schedules = new()
    {
        ["step_lr"] = o => new StepLR(o, stepSize: 3, gamma: 0.5),
        ["multistep_lr"] = o => new MultiStepLR(o, [9, 2, 5, 5], gamma: 0.3),
        ["exponential_lr"] = o => new ExponentialLR(o, gamma: 0.9),
        ["cosine_annealing_lr"] = o => new CosineAnnealingLR(o, tMax: 7, etaMin: 0.001),
        ["linear_lr_default"] = o => new LinearLR(o),
        ["linear_lr_custom"] = o => new LinearLR(o, startFactor: 0.25, endFactor: 0.75, totalIters: 8),
        ["lambda_lr"] = o => new LambdaLR(o, t => Math.Pow(0.95, t)),
        ["inverse_time_decay"] = o => new InverseTimeDecay(o, decayRate: 0.5),
        ["plateau_default"] = o => new ReduceLROnPlateau(o),
        ["plateau_min_rel"] = o => new ReduceLROnPlateau(o, factor: 0.5, patience: 2, threshold: 0.01, cooldown: 1, minLr: 0.01),
        ["plateau_max_abs"] = o => new ReduceLROnPlateau(o, mode: "max", factor: 0.2, patience: 1, threshold: 0.05, thresholdMode: "abs", minLr: 1e-3, eps: 1e-3),
    };

    /// <summary>Schedules in the golden file.</summary>
    public static TheoryData<string> Cases => OptimGolden.Names("schedules.json");

    private static SGD TwoGroups() => new([new ParamGroup([Tensor.Zeros(1).RequiresGrad_()]),
        new ParamGroup([Tensor.Zeros(1).RequiresGrad_()], new Dictionary<string, double> { ["lr"] = 0.05 })], lr: 0.1);

    private static void Advance(LRScheduler schedule, double[]? metrics, int t)
    {
        if (schedule is ReduceLROnPlateau plateau) plateau.Step(metrics![t]);
        else schedule.Step();
    }

    [Fact]
    public void EveryGoldenScheduleHasANablaConstruction() =>
        Assert.Equal(OptimGolden.CaseNames("schedules.json").Order(), Schedules.Keys.Order());

    // PyTorch steps most schedules recursively (lr·γ each step) while Nabla uses the closed forms, so the two agree to rounding.
    [Theory]
    [MemberData(nameof(Cases))]
    public void LearningRatesMatchPyTorch(string name)
    {
        var c = OptimGolden.Case("schedules.json", name);
        var expected = c.GetProperty("lrs").EnumerateArray().Select(OptimGolden.Doubles).ToArray();
        var metrics = c.GetProperty("metrics").ValueKind == System.Text.Json.JsonValueKind.Null ? null : OptimGolden.Doubles(c.GetProperty("metrics"));
        var optimizer = TwoGroups();
        var schedule = Schedules[name](optimizer);
        for (int t = 0; t < expected.Length; t++)
        {
            if (t > 0) Advance(schedule, metrics, t - 1);
            Assert.Equal(t, schedule.StepCount);
            for (int g = 0; g < 2; g++)
                Assert.True(Math.Abs(schedule.LastLearningRates[g] - expected[t][g]) <= 1e-13 * expected[t][g],
                    $"{name}: step {t}, group {g}: {schedule.LastLearningRates[g]:R} vs PyTorch {expected[t][g]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StateDictRoundTripResumesTheSchedule(string name)
    {
        var c = OptimGolden.Case("schedules.json", name);
        var metrics = c.GetProperty("metrics").ValueKind == System.Text.Json.JsonValueKind.Null ? null : OptimGolden.Doubles(c.GetProperty("metrics"));
        var optimizer = TwoGroups();
        var schedule = Schedules[name](optimizer);
        for (int t = 0; t < 9; t++) Advance(schedule, metrics, t);
        var optimizerState = optimizer.StateDict();
        var state = schedule.StateDict();

        var resumedOptimizer = TwoGroups();
        var resumed = Schedules[name](resumedOptimizer);
        resumedOptimizer.LoadStateDict(optimizerState);
        resumed.LoadStateDict(state);
        Assert.Equal(schedule.StepCount, resumed.StepCount);
        for (int t = 9; t < 20; t++)
        {
            Advance(schedule, metrics, t);
            Advance(resumed, metrics, t);
            Assert.Equal(schedule.LastLearningRates, resumed.LastLearningRates);
        }
    }

    [Fact]
    public void PlateauCountersFollowPyTorch()
    {
        // Worked by hand from PyTorch's rules: patience 2, cooldown 1, rel threshold 0.01.
        var plateau = new ReduceLROnPlateau(TwoGroups(), factor: 0.5, patience: 2, threshold: 0.01, cooldown: 1);
        plateau.Step(1.0);
        Assert.Equal((1.0, 0), (plateau.Best, plateau.NumBadEpochs));
        plateau.Step(0.995);
        Assert.Equal((1.0, 1), (plateau.Best, plateau.NumBadEpochs));
        plateau.Step(0.995);
        plateau.Step(0.995);
        Assert.Equal([0.05, 0.025], plateau.LastLearningRates);
        Assert.Equal((0, 1), (plateau.NumBadEpochs, plateau.CooldownCounter));
        plateau.Step(2.0);
        Assert.Equal((0, 0), (plateau.NumBadEpochs, plateau.CooldownCounter));
    }

    [Fact]
    public void ScheduleErrors()
    {
        var plateau = new ReduceLROnPlateau(TwoGroups());
        Assert.Contains("ReduceLROnPlateau: Step needs the monitored metric", Assert.Throws<InvalidOperationException>(plateau.Step).Message);
        Assert.Contains("mode 'avg' is unknown", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(TwoGroups(), mode: "avg")).Message);
        Assert.Contains("threshold mode 'x' is unknown", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(TwoGroups(), thresholdMode: "x")).Message);
        Assert.Contains("factor should be < 1.0", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(TwoGroups(), factor: 1)).Message);
        Assert.Contains("StepLR: stepSize must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(TwoGroups(), 0)).Message);
        Assert.Contains("CosineAnnealingLR: tMax must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(TwoGroups(), 0)).Message);
        Assert.Contains("LinearLR: startFactor must be in (0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(TwoGroups(), startFactor: 0)).Message);
        Assert.Contains("InverseTimeDecay: decayRate must be non-negative", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(TwoGroups(), -1)).Message);
        Assert.Contains("LambdaLR: expected 2 lr lambdas, got 1", Assert.Throws<ArgumentException>(() => new LambdaLR(TwoGroups(), [t => 1.0])).Message);
        Assert.Contains("StepLR.LoadStateDict: missing key 'step_count'",
            Assert.Throws<ArgumentException>(() => new StepLR(TwoGroups(), 2).LoadStateDict(new Dictionary<string, Tensor>())).Message);
    }
}
