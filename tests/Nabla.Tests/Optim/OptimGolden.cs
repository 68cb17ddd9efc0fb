using System.Text.Json;
using Nabla.Optim;
using Xunit;

namespace Nabla.Tests.Optim;

/// <summary>Reads Golden/Optim/*.json (written from PyTorch 1.13 by Golden/generate_optim.py) and holds the Nabla side of each case.</summary>
public static class OptimGolden
{
    /// <summary>Parses one file of Golden/Optim.</summary>
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Optim", file))).RootElement;

    /// <summary>A JSON array of numbers as doubles.</summary>
    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Case names of a golden file, for xunit theories.</summary>
    public static TheoryData<string> Names(string file) => new(CaseNames(file));

    /// <summary>Case names of a golden file.</summary>
    public static string[] CaseNames(string file) =>
        Load(file).GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    /// <summary>The case <paramref name="name"/> of <paramref name="file"/>.</summary>
    public static JsonElement Case(string file, string name) =>
        Load(file).GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Nabla's construction of each optimizer configuration of optimizers.json, over the parameters W and b.</summary>
    public static readonly Dictionary<string, Func<Tensor, Tensor, Optimizer>> Optimizers = new()
    {
        ["sgd_plain"] = (w, b) => new SGD([w, b], lr: 0.1),
        ["sgd_momentum"] = (w, b) => new SGD([w, b], lr: 0.1, momentum: 0.9),
        ["sgd_dampening"] = (w, b) => new SGD([w, b], lr: 0.1, momentum: 0.9, dampening: 0.5),
        ["sgd_nesterov"] = (w, b) => new SGD([w, b], lr: 0.1, momentum: 0.9, nesterov: true),
        ["sgd_weight_decay"] = (w, b) => new SGD([w, b], lr: 0.1, momentum: 0.9, weightDecay: 0.1),
        ["sgd_maximize"] = (w, b) => new SGD([w, b], lr: 0.01, momentum: 0.5, maximize: true),
        ["sgd_groups"] = (w, b) => new SGD([new ParamGroup([w]), new ParamGroup([b], new Dictionary<string, double> { ["lr"] = 0.05, ["momentum"] = 0.5 })],
            lr: 0.1, momentum: 0.9),
        ["adagrad"] = (w, b) => new Adagrad([w, b], lr: 0.1),
        ["adagrad_options"] = (w, b) => new Adagrad([w, b], lr: 0.1, lrDecay: 0.05, weightDecay: 0.1, initialAccumulatorValue: 0.2, eps: 1e-8),
        ["adadelta"] = (w, b) => new Adadelta([w, b]),
        ["adadelta_options"] = (w, b) => new Adadelta([w, b], lr: 0.5, rho: 0.8, eps: 1e-5, weightDecay: 0.1),
        ["rmsprop"] = (w, b) => new RMSprop([w, b], lr: 0.01),
        ["rmsprop_centered"] = (w, b) => new RMSprop([w, b], lr: 0.01, centered: true),
        ["rmsprop_momentum"] = (w, b) => new RMSprop([w, b], lr: 0.01, momentum: 0.9),
        ["rmsprop_all"] = (w, b) => new RMSprop([w, b], lr: 0.01, alpha: 0.9, centered: true, momentum: 0.5, weightDecay: 0.1),
        ["adam"] = (w, b) => new Adam([w, b], lr: 0.05),
        ["adam_amsgrad"] = (w, b) => new Adam([w, b], lr: 0.05, amsgrad: true),
        ["adam_weight_decay"] = (w, b) => new Adam([w, b], lr: 0.05, weightDecay: 0.1),
        ["adam_betas_maximize"] = (w, b) => new Adam([w, b], lr: 0.01, betas: (0.8, 0.99), eps: 1e-6, maximize: true),
        ["adam_skip_b"] = (w, b) => new Adam([w, b], lr: 0.05),
        ["adamw"] = (w, b) => new AdamW([w, b], lr: 0.05),
        ["adamw_amsgrad"] = (w, b) => new AdamW([w, b], lr: 0.05, weightDecay: 0.1, amsgrad: true),
    };

    /// <summary>The golden problem: data X (5, 3), Y (5, 4) and initial W (3, 4), b (4) in <paramref name="dtype"/>.</summary>
    public sealed class Problem
    {
        /// <summary>Loads the problem of optimizers.json in <paramref name="dtype"/>.</summary>
        public Problem(DType dtype)
        {
            var root = Load("optimizers.json");
            X = Tensor.FromArray(Doubles(root.GetProperty("x")), 5, 3).To(dtype);
            Y = Tensor.FromArray(Doubles(root.GetProperty("y")), 5, 4).To(dtype);
            W = Tensor.FromArray(Doubles(root.GetProperty("w0")), 3, 4).To(dtype).RequiresGrad_();
            B = Tensor.FromArray(Doubles(root.GetProperty("b0")), 4).To(dtype).RequiresGrad_();
        }

        /// <summary>Inputs.</summary>
        public Tensor X { get; }

        /// <summary>Targets.</summary>
        public Tensor Y { get; }

        /// <summary>Weight parameter (3, 4).</summary>
        public Tensor W { get; }

        /// <summary>Bias parameter (4).</summary>
        public Tensor B { get; }

        /// <summary>Zeroes the gradients, then runs backward through mean((X W + b − Y)²) + 0.05·Σ W⁴, as generate_optim.py does.</summary>
        public void Backward(Optimizer optimizer, bool dropBiasGrad = false)
        {
            optimizer.ZeroGrad();
            using (var scope = TensorScope.Begin())
            {
                var loss = (X.MatMul(W) + B - Y).Pow(2).Mean() + W.Pow(4).Sum() * 0.05;
                loss.Backward();
            }
            if (dropBiasGrad) B.Grad = null;
        }

        /// <summary>W then b flattened, as doubles.</summary>
        public double[] Flat() => [.. W.To(DType.Float64).ToArray<double>(), .. B.To(DType.Float64).ToArray<double>()];
    }
}
