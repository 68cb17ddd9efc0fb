using Nabla.Autograd;
using Nabla.Data;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Xunit;

namespace Nabla.Tests;

/// <summary>The README's quick start, kept compiling and checked for the values it claims.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void QuickStartRuns()
    {
        Tensor.ManualSeed(0);
        var x = Tensor.Randn(64, 3);
        var w = Tensor.Randn(3, 1).RequiresGrad_();
        var b = Tensor.Zeros(1).RequiresGrad_();

        var loss = ((x.MatMul(w) + b).Tanh() - 0.5).Pow(2).Mean();
        loss.Backward();
        Assert.Equal(new Shape(3, 1), w.Grad!.Shape);
        Assert.Equal(new Shape(1), b.Grad!.Shape);
        using (Tensor.NoGrad())
            w = (w - 0.1 * w.Grad!).Detach().RequiresGrad_();
        Assert.True(w.IsLeaf && w.RequiresGrad);

        var (y, jvp) = ForwardAD.Jvp(t => t.Sin() * t, Tensor.FromArray([1.0, 2.0]), Tensor.FromArray([1.0, 0.0]));
        Assert.Equal(Math.Sin(1), y.ToArray<double>()[0], 12);
        TestUtil.AssertClose([Math.Cos(1) + Math.Sin(1), 0], jvp.ToArray<double>(), 1e-12, 1e-12);

        var z = Tensor.FromArray([0.5, -1.0]).RequiresGrad_();
        z.Exp().Sum().Backward(createGraph: true);
        var g = z.Grad!;
        z.Grad = null;
        g.Sum().Backward();
        TestUtil.AssertClose([Math.Exp(0.5), Math.Exp(-1.0)], z.Grad!.ToArray<double>(), 1e-12, 1e-12);

        Assert.True(GradCheck.Check(ts => ts[0].Tanh().Sum(), [Tensor.Randn([4], DType.Float64).RequiresGrad_()]).Passed);
    }

    /// <summary>The README's training example, compiled here so it cannot drift from the API (it trains for minutes, so no test runs it).</summary>
    internal static double TrainingExample()
    {
        var model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.2), new Linear(128, 10));
        var trainer = new Trainer(model);
        trainer.Compile(new Adam(model.Parameters(), 1e-3), new CrossEntropyLoss().Forward, new Accuracy());
        trainer.Fit(new FashionMnist(train: true), epochs: 5, batchSize: 32, callbacks: [new TensorBoard("runs/mlp")]);
        Nabla.IO.Safetensors.Save("mlp.safetensors", model.StateDict());
        return trainer.Evaluate(new FashionMnist(train: false))["accuracy"];
    }
}
