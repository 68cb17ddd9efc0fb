using System.Numerics.Tensors;
using Nabla.Data;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Tests.Training;

/// <summary>Test-local layers, optimizer, scheduler and losses (the real ones live in other families).</summary>
internal static class TrainingFixtures
{
    /// <summary>y = x · Wᵀ + b with seeded uniform init.</summary>
    public sealed class Affine : Module
    {
        public Affine(int inFeatures, int outFeatures, Generator gen)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            Weight = RegisterParameter("weight", (Tensor.Rand([outFeatures, inFeatures], DType.Float32, gen) * (2 * bound) - bound).Detach());
            Bias = RegisterParameter("bias", (Tensor.Rand([outFeatures], DType.Float32, gen) * (2 * bound) - bound).Detach());
        }

        public Tensor Weight { get; }

        public Tensor Bias { get; }

        protected override Tensor ForwardCore(Tensor input) => input.MatMul(Weight.T) + Bias;
    }

    public sealed class ReluModule : Module
    {
        protected override Tensor ForwardCore(Tensor input) => input.Relu();
    }

    public static Sequential Mlp(int seed, int inputs = 4, int hidden = 16, int outputs = 3) =>
        new(new Affine(inputs, hidden, new Generator(seed)), new ReluModule(), new Affine(hidden, outputs, new Generator(seed + 1)));

    /// <summary>SGD with momentum (PyTorch's formulation), fused on spans so steps allocate nothing.</summary>
    public sealed class PlainSgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0)
        : Optimizer([new ParamGroup(parameters)], new Dictionary<string, double> { ["lr"] = lr, ["momentum"] = momentum })
    {
        protected override void StepGroup(ParamGroup group)
        {
            double lr = group.LearningRate, mu = group["momentum"];
            foreach (var p in group.Params)
            {
                if (p.Grad is not { } g) continue;
                var grad = g.Data<float>();
                if (mu != 0)
                {
                    var state = State(p);
                    if (!state.TryGetValue("momentum_buffer", out var buf))
                    {
                        state["momentum_buffer"] = buf = g.Clone();
                    }
                    else
                    {
                        var b = buf.Data<float>();
                        TensorPrimitives.Multiply(b, (float)mu, b);
                        TensorPrimitives.Add(b, grad, b);
                    }
                    grad = buf.Data<float>();
                }
                var w = p.Data<float>();
                TensorPrimitives.MultiplyAdd(grad, (float)-lr, w, w);
            }
        }
    }

    /// <summary>lr = base · gamma^(steps / stepSize), as torch.optim.lr_scheduler.StepLR.</summary>
    public sealed class StepDecay(Optimizer optimizer, int stepSize, double gamma) : LRScheduler(optimizer)
    {
        protected override double[] ComputeLearningRates() =>
            BaseLearningRates.Select(r => r * Math.Pow(gamma, StepCount / stepSize)).ToArray();
    }

    public static Tensor CrossEntropy(Tensor logits, Tensor target) =>
        -logits.LogSoftmax(1).Gather(1, target.Unsqueeze(1)).Mean();

    public static Tensor Mse(Tensor output, Tensor target) => (output - target).Square().Mean();

    /// <summary>Three Gaussian blobs in 4-d, labels 0..2 (int64), deterministic.</summary>
    public static TensorDataset Blobs(int n, int seed)
    {
        var gen = new Generator(seed);
        var x = new float[n * 4];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            y[i] = c;
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float)(gen.NextNormal() * 0.5 + (j == c ? 2.0 : 0.0));
        }
        return new TensorDataset(Tensor.FromArray(x, n, 4), Tensor.FromArray(y, n));
    }
}
