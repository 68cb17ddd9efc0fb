using Nabla.Optim;
using Xunit;

namespace Nabla.Tests.Optim;

/// <summary>Optimizer behaviour beyond the golden trajectories: curriculum numbers, checkpoints, memory, layouts and errors.</summary>
public class OptimizerTests
{
    // Curriculum seed001-002 B5: one parameter w = 1.0, constant gradient 0.5, lr 0.1.
    private static double[] ConstantGradient(Func<Tensor, Optimizer> make, int steps)
    {
        var w = Tensor.Full([1], 1.0, DType.Float64).RequiresGrad_();
        var optimizer = make(w);
        var path = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            w.Grad = Tensor.Full([1], 0.5, DType.Float64);
            optimizer.Step();
            path[i] = w.Item();
        }
        return path;
    }

    [Fact]
    public void CurriculumOptimizerNumbers()
    {
        Assert.Equal(0.95, ConstantGradient(w => new SGD([w], lr: 0.1), 1)[0], 15);
        // The curriculum's v ← μv − lr·g; w ← w + v and PyTorch's b ← μb + g; w ← w − lr·b agree for a constant lr.
        var momentum = ConstantGradient(w => new SGD([w], lr: 0.1, momentum: 0.9), 2);
        Assert.Equal(0.95, momentum[0], 15);
        Assert.Equal(0.855, momentum[1], 15);
        Assert.Equal(0.900000002, ConstantGradient(w => new Adagrad([w], lr: 0.1, eps: 1e-8), 1)[0], 15);
        Assert.Equal(0.6837722539831608, ConstantGradient(w => new RMSprop([w], lr: 0.1, alpha: 0.9, eps: 1e-8), 1)[0], 15);
        // The curriculum's Adam numbers come from the textbook form m̂ / (√v̂ + ε); PyTorch divides differently
        // (√v / √(1 − β₂ᵗ) + ε, lr / (1 − β₁ᵗ)), so they agree to 2e-16. Nabla matches PyTorch's own float64 results exactly
        // (torch 1.13: 0.900000002, 0.8000000040000006, 0.7000000060000007).
        var adam = ConstantGradient(w => new Adam([w], lr: 0.1), 3);
        Assert.Equal([0.900000002, 0.8000000040000006, 0.7000000060000007], adam);
        Assert.Equal(0.9000000019999999, adam[0], 1e-15);
        Assert.Equal(0.8000000040000005, adam[1], 1e-15);
        Assert.Equal(0.7000000060000005, adam[2], 1e-15);
    }

    // Curriculum seed000 §4 / §14.5: data −10, −9, …, 10, loss (x_i − θ)², one sample per step, θ⁰ = −20.
    private static double SgdOnSample(Tensor theta, Optimizer optimizer, double x)
    {
        optimizer.ZeroGrad();
        using (TensorScope.Begin()) (Tensor.Scalar(x, DType.Float64) - theta).Pow(2).Backward();
        optimizer.Step();
        return theta.Item();
    }

    [Fact]
    public void ConstantStepSizeLandsOnEverySampleAndNeverConverges()
    {
        var theta = Tensor.Scalar(-20, DType.Float64).RequiresGrad_();
        var optimizer = new SGD([theta], lr: 0.5);
        var random = new Random(5);
        double worstLate = 0;
        for (int k = 0; k < 400; k++)
        {
            double x = random.Next(-10, 11);
            double value = SgdOnSample(theta, optimizer, x);
            Assert.Equal(x, value);
            if (k >= 300) worstLate = Math.Max(worstLate, Math.Abs(value));
        }
        Assert.True(worstLate >= 8, $"the iterate should keep bouncing over the data, but stayed within {worstLate}");
    }

    [Fact]
    public void RobbinsMonroScheduleGivesTheRunningMeanAndConverges()
    {
        static double[] Run(double[] samples)
        {
            var theta = Tensor.Scalar(-20, DType.Float64).RequiresGrad_();
            var optimizer = new SGD([theta], lr: 0.5);
            var schedule = new InverseTimeDecay(optimizer, decayRate: 1);
            var path = new double[samples.Length];
            for (int k = 0; k < samples.Length; k++)
            {
                path[k] = SgdOnSample(theta, optimizer, samples[k]);
                schedule.Step();
            }
            return path;
        }
        Assert.Equal([-10.0, 0.0], Run([-10, 10]));
        var three = Run([2, 3, -9]);
        Assert.Equal(2, three[0], 14);
        Assert.Equal(2.5, three[1], 14);
        Assert.Equal(-4.0 / 3, three[2], 14);

        var random = new Random(11);
        var samples = Enumerable.Range(0, 4000).Select(_ => (double)random.Next(-10, 11)).ToArray();
        var path = Run(samples);
        double sum = 0;
        for (int k = 0; k < samples.Length; k++)
        {
            sum += samples[k];
            Assert.True(Math.Abs(path[k] - sum / (k + 1)) <= 1e-9, $"step {k}: {path[k]} is not the running mean {sum / (k + 1)}");
        }
        Assert.True(Math.Abs(path[^1]) < 0.5, $"θ after 4000 samples is {path[^1]}, not near the mean 0");
    }

    public static TheoryData<string> RoundTripCases =>
        new("sgd_nesterov", "sgd_groups", "adagrad_options", "adadelta_options", "rmsprop_all", "adam_amsgrad", "adamw_amsgrad");

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void StateDictRoundTripContinuesBitIdentically(string name)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var reference = new OptimGolden.Problem(dtype);
            var refOptimizer = OptimGolden.Optimizers[name](reference.W, reference.B);
            var refSchedule = new ExponentialLR(refOptimizer, 0.8);
            var first = new OptimGolden.Problem(dtype);
            var firstOptimizer = OptimGolden.Optimizers[name](first.W, first.B);
            var firstSchedule = new ExponentialLR(firstOptimizer, 0.8);
            for (int i = 0; i < 3; i++)
            {
                foreach (var (p, o, s) in new[] { (reference, refOptimizer, refSchedule), (first, firstOptimizer, firstSchedule) })
                {
                    p.Backward(o);
                    o.Step();
                    s.Step();
                }
            }
            var saved = firstOptimizer.StateDict();
            var savedSchedule = firstSchedule.StateDict();

            var resumed = new OptimGolden.Problem(dtype);
            using (Tensor.NoGrad())
            {
                resumed.W.CopyFrom_(first.W);
                resumed.B.CopyFrom_(first.B);
            }
            var resumedOptimizer = OptimGolden.Optimizers[name](resumed.W, resumed.B);
            var resumedSchedule = new ExponentialLR(resumedOptimizer, 0.8);
            resumedOptimizer.LoadStateDict(saved);
            resumedSchedule.LoadStateDict(savedSchedule);
            for (int i = 0; i < 4; i++)
            {
                foreach (var (p, o, s) in new[] { (reference, refOptimizer, refSchedule), (resumed, resumedOptimizer, resumedSchedule) })
                {
                    p.Backward(o);
                    o.Step();
                    s.Step();
                }
                Assert.Equal(reference.Flat(), resumed.Flat());
                Assert.Equal(refOptimizer.ParamGroups.Select(g => g.LearningRate), resumedOptimizer.ParamGroups.Select(g => g.LearningRate));
            }
        }
    }

    public static TheoryData<string> AllocationCases => new("sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamw");

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void SteadyStateStepAllocatesNoBuffers(string name)
    {
        // A model-sized set: three 256×256 weight matrices and their biases, float32 (about 200k parameters, 790 KB).
        var parameters = new List<Tensor>();
        var gen = new Generator(3);
        for (int i = 0; i < 3; i++)
        {
            parameters.Add(Tensor.Randn([256, 256], DType.Float32, gen).RequiresGrad_());
            parameters.Add(Tensor.Randn([256], DType.Float32, gen).RequiresGrad_());
        }
        foreach (var p in parameters) p.Grad = Tensor.Randn(p.Dims, DType.Float32, gen);
        Optimizer optimizer = name switch
        {
            "sgd" => new SGD(parameters, lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4),
            "adagrad" => new Adagrad(parameters, lrDecay: 0.01),
            "adadelta" => new Adadelta(parameters, weightDecay: 1e-4),
            "rmsprop" => new RMSprop(parameters, centered: true, momentum: 0.9),
            "adam" => new Adam(parameters, amsgrad: true, weightDecay: 1e-4),
            _ => new AdamW(parameters),
        };
        // Enough warm-up steps for tiered JIT compilation to settle (each kernel runs six times a step; tier-up comes after 30 calls).
        for (int i = 0; i < 10; i++) optimizer.Step();
        // The quietest of five windows, so a one-off runtime allocation on this thread (JIT tier-up) is not counted.
        long perStep = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) optimizer.Step();
            perStep = Math.Min(perStep, (GC.GetAllocatedBytesForCurrentThread() - before) / 10);
        }
        Assert.True(perStep == 0, $"{name}: a steady Step allocated {perStep} bytes (one 256×256 float32 state buffer is 262 KB)");
    }

    [Fact]
    public void StridedParametersAndForeignGradientsMatchTheContiguousPath()
    {
        var data = Tensor.Randn([3, 4], DType.Float64, new Generator(8));
        var contiguous = data.T.Contiguous().To(DType.Float32).Detach().RequiresGrad_();
        var strided = data.To(DType.Float32).T.Detach().RequiresGrad_();
        Assert.False(strided.IsContiguous);
        var a = new Adam([contiguous], lr: 0.1, amsgrad: true);
        var b = new Adam([strided], lr: 0.1, amsgrad: true);
        for (int i = 0; i < 3; i++)
        {
            var g = Tensor.Randn([4, 3], DType.Float64, new Generator(20 + i));
            contiguous.Grad = g.To(DType.Float32);
            strided.Grad = g.T.Contiguous().T;
            a.Step();
            b.Step();
        }
        Assert.Equal(contiguous.ToArray<float>(), strided.ToArray<float>());
    }

    [Fact]
    public void ParametersWithoutGradientsAreLeftAloneAndGetNoState()
    {
        var w = Tensor.Ones([2], DType.Float64).RequiresGrad_();
        var frozen = Tensor.Ones([2], DType.Float64).RequiresGrad_();
        var optimizer = new Adam([w, frozen], lr: 0.1);
        w.Grad = Tensor.Ones([2], DType.Float64);
        optimizer.Step();
        Assert.Equal([1.0, 1.0], frozen.ToArray<double>());
        Assert.All(optimizer.StateDict().Keys.Where(k => k.StartsWith("state.")), k => Assert.StartsWith("state.0.", k));
    }

    [Fact]
    public void ZeroGradClearsOrZeroes()
    {
        var w = Tensor.Ones([2]).RequiresGrad_();
        var optimizer = new SGD([w], lr: 0.1);
        w.Grad = Tensor.Ones([2]);
        optimizer.ZeroGrad(setToNone: false);
        Assert.Equal([0f, 0f], w.Grad!.ToArray<float>());
        optimizer.ZeroGrad();
        Assert.Null(w.Grad);
    }

    [Fact]
    public void GroupOptionsOverrideDefaultsAndAreValidated()
    {
        var w = Tensor.Ones([2]).RequiresGrad_();
        var b = Tensor.Ones([2]).RequiresGrad_();
        var optimizer = new Adam([new ParamGroup([w]), new ParamGroup([b], new Dictionary<string, double> { ["lr"] = 0.5, ["beta2"] = 0.9 })], lr: 0.01);
        Assert.Equal(0.01, optimizer.ParamGroups[0].LearningRate);
        Assert.Equal(0.5, optimizer.ParamGroups[1].LearningRate);
        Assert.Equal(0.999, optimizer.ParamGroups[0]["beta2"]);
        Assert.Equal(0.9, optimizer.ParamGroups[1]["beta2"]);
        var e = Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([w], new Dictionary<string, double> { ["beta1"] = 1.0 })]));
        Assert.Contains("Adam: invalid beta parameter at index 0: 1 (parameter group 0)", e.Message);
    }

    [Fact]
    public void ErrorsNameTheOptimizerAndShapes()
    {
        var w = Tensor.Ones([2, 3]).RequiresGrad_();
        Assert.Contains("SGD: Nesterov momentum requires a momentum and zero dampening", Assert.Throws<ArgumentException>(() => new SGD([w], nesterov: true)).Message);
        Assert.Contains("SGD: invalid learning rate -1", Assert.Throws<ArgumentException>(() => new SGD([w], lr: -1)).Message);
        Assert.Contains("RMSprop: invalid alpha value -0.5", Assert.Throws<ArgumentException>(() => new RMSprop([w], alpha: -0.5)).Message);
        Assert.Contains("Adadelta: invalid rho value 2", Assert.Throws<ArgumentException>(() => new Adadelta([w], rho: 2)).Message);
        Assert.Contains("Adagrad: invalid lr_decay value -1", Assert.Throws<ArgumentException>(() => new Adagrad([w], lrDecay: -1)).Message);
        Assert.Contains("AdamW: got an empty parameter list", Assert.Throws<ArgumentException>(() => new AdamW(Array.Empty<Tensor>())).Message);
        var optimizer = new SGD([w], lr: 0.1);
        w.Grad = Tensor.Ones([3, 2]);
        Assert.Contains("SGD: gradient shape [3, 2] does not match parameter shape [2, 3]", Assert.Throws<ArgumentException>(optimizer.Step).Message);
        var n = Tensor.Ones([2], DType.Int64);
        n.Grad = Tensor.Ones([2], DType.Int64);
        Assert.Contains("Adam: can only optimize floating-point parameters, got a Int64 parameter of shape [2]",
            Assert.Throws<ArgumentException>(new Adam([n]).Step).Message);
    }
}
