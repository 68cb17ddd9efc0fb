using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Nn;

public class LayerTests
{
    [Fact]
    public void MlpStateDictKeysSkipParameterlessLayers()
    {
        var model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.2), new Linear(128, 10));
        Assert.Equal(["1.weight", "1.bias", "4.weight", "4.bias"], model.StateDict().Keys.ToArray());
        Assert.Equal(784 * 128 + 128 + 128 * 10 + 10, model.Parameters().Sum(p => p.NumElements));
        var y = model.Forward(Tensor.Randn(2, 1, 28, 28));
        Assert.Equal([2, 10], y.Dims);
    }

    [Fact]
    public void BatchNormStateDictKeysAndInitialValues()
    {
        var bn = new BatchNorm2d(3);
        var sd = bn.StateDict();
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], sd.Keys.ToArray());
        Assert.Equal([1f, 1f, 1f], sd["weight"].ToArray<float>());
        Assert.Equal([0f, 0f, 0f], sd["running_mean"].ToArray<float>());
        Assert.Equal([1f, 1f, 1f], sd["running_var"].ToArray<float>());
        Assert.Equal(DType.Int64, sd["num_batches_tracked"].DType);
        Assert.Equal(0, sd["num_batches_tracked"].Rank);
        Assert.Equal(["weight", "bias"], new BatchNorm1d(4).NamedParameters().Select(p => p.Name).ToArray());
        Assert.Empty(new BatchNorm1d(4, affine: false, trackRunningStats: false).StateDict());
    }

    [Fact]
    public void LinearDefaultInitIsUniformWithinOneOverSqrtFanIn()
    {
        var layer = new Linear(100, 400, generator: new Generator(3));
        var w = layer.Weight.ToArray<float>();
        var b = layer.Bias!.ToArray<float>();
        double bound = 0.1;
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.099 && w.Min() < -0.099);
        double mean = w.Average(v => (double)v);
        double std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.98, bound / Math.Sqrt(3) * 1.02);
        Assert.Null(new Linear(3, 2, bias: false).Bias);
        Assert.Equal(["weight"], new Linear(3, 2, bias: false).StateDict().Keys.ToArray());
    }

    [Fact]
    public void LinearComputesXWtPlusBOverLeadingDims()
    {
        var layer = new Linear(2, 3);
        using (Tensor.NoGrad())
        {
            layer.Weight.CopyFrom_(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
            layer.Bias!.CopyFrom_(Tensor.FromArray(new float[] { 0.5f, -1, 2 }, 3));
        }
        var y = layer.Forward(Tensor.FromArray(new float[] { 1, 1, 2, -1, 0, 3, 1, 0 }, 2, 2, 2));
        Assert.Equal([2, 2, 3], y.Dims);
        Assert.Equal([3.5f, 6, 13, 0.5f, 1, 6, 6.5f, 11, 20, 1.5f, 2, 7], y.ToArray<float>());
    }

    [Fact]
    public void LinearRejectsWrongFeatureCount()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Linear(784, 10).Forward(Tensor.Zeros(32, 20)));
        Assert.Equal("Linear: input has 20 features but the layer expects 784 (input [32, 20]).", ex.Message);
    }

    [Fact]
    public void DropoutScalesKeptValuesAndIsIdentityInEval()
    {
        var drop = new Dropout(0.2, new Generator(11));
        var x = Tensor.Ones(200_000);
        var y = drop.Forward(x).ToArray<float>();
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeros, 0.195, 0.205);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1.25f) < 1e-6));
        Assert.InRange(y.Average(v => (double)v), 0.99, 1.01);
        drop.Eval();
        Assert.Same(x, drop.Forward(x));
        Assert.Equal(new float[4], new Dropout(1.0).Forward(Tensor.Ones(4)).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void DropoutIsReproducibleFromASeededGenerator()
    {
        var a = Functional.Dropout(Tensor.Ones(50), 0.5, true, new Generator(4)).ToArray<float>();
        var b = Functional.Dropout(Tensor.Ones(50), 0.5, true, new Generator(4)).ToArray<float>();
        Assert.Equal(a, b);
        var x = Tensor.Ones([6], DType.Float64).RequiresGrad_();
        var y = Functional.Dropout(x, 0.5, true, new Generator(4));
        y.Sum().Backward();
        Assert.Equal(y.ToArray<double>(), x.Grad!.ToArray<double>());
    }

    [Fact]
    public void BatchNormTrainingUpdatesRunningStatsAndEvalUsesThem()
    {
        var bn = new BatchNorm1d(2);
        var x = Tensor.FromArray(new float[] { 1, 10, 3, 20, 5, 30 }, 3, 2);
        var y = bn.Forward(x).ToArray<float>();
        // Batch mean (3, 20), biased var (8/3, 200/3): first column normalises to ∓√(3/2), 0.
        Assert.Equal(-1.2247427f, y[0], 1e-4f);
        Assert.Equal(0f, y[2], 1e-5f);
        Assert.Equal([0.3f, 2f], bn.RunningMean!.ToArray<float>());
        Assert.Equal(0.9f + 0.1f * 4f, bn.RunningVar!.ToArray<float>()[0], 1e-6f);
        Assert.Equal(0.9f + 0.1f * 100f, bn.RunningVar!.ToArray<float>()[1], 1e-5f);
        Assert.Equal(1L, bn.NumBatchesTracked!.Item<long>());
        bn.Eval();
        var e = bn.Forward(Tensor.FromArray(new float[] { 0.3f, 2 }, 1, 2)).ToArray<float>();
        Assert.Equal([0f, 0f], e);
        Assert.Equal(1L, bn.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void BatchNormCumulativeAverageWhenMomentumIsNull()
    {
        var bn = new BatchNorm1d(1, momentum: null);
        bn.Forward(Tensor.FromArray(new float[] { 1, 3 }, 2, 1));
        bn.Forward(Tensor.FromArray(new float[] { 5, 7 }, 2, 1));
        Assert.Equal(4f, bn.RunningMean!.Item<float>(), 1e-6f);
        Assert.Equal(2L, bn.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void BatchNormErrorsNameLayerAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 3)));
        Assert.Contains("BatchNorm2d", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        var one = Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)));
        Assert.Contains("more than 1 value per channel", one.Message);
    }

    [Fact]
    public void LayerNormNormalisesEachSample()
    {
        var ln = new LayerNorm(4);
        ln.To(DType.Float64);
        var y = ln.Forward(Tensor.FromArray(new double[] { 1, 2, 3, 4, -2, 0, 2, 4 }, 2, 4));
        var mean = y.Mean(1).ToArray<double>();
        var var = y.Var(1, correction: 0).ToArray<double>();
        Assert.All(mean, m => Assert.Equal(0, m, 1e-12));
        Assert.All(var, v => Assert.Equal(1, v, 1e-4));
        var ex = Assert.Throws<ArgumentException>(() => ln.Forward(Tensor.Zeros([2, 3], DType.Float64)));
        Assert.Contains("LayerNorm", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void EmbeddingInitAndPaddingRow()
    {
        var emb = new Embedding(1000, 8, paddingIdx: 2, generator: new Generator(5));
        var w = emb.Weight.ToArray<float>();
        Assert.Equal(new float[8], w.Skip(16).Take(8).ToArray());
        double mean = w.Average(v => (double)v);
        double std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(std, 0.95, 1.05);
        var y = emb.Forward(Tensor.FromArray(new long[] { 2, 5, 2, 7 }, 2, 2));
        Assert.Equal([2, 2, 8], y.Dims);
        y.Sum().Backward();
        var g = emb.Weight.Grad!.ToArray<float>();
        Assert.Equal(new float[8], g.Skip(16).Take(8).ToArray());
        Assert.Equal(Enumerable.Repeat(1f, 8), g.Skip(40).Take(8));
        var ex = Assert.Throws<ArgumentException>(() => emb.Forward(Tensor.FromArray(new long[] { 1000 }, 1)));
        Assert.Contains("Embedding", ex.Message);
    }

    [Fact]
    public void FlattenUnflattenAndIdentity()
    {
        var x = Tensor.Zeros(2, 3, 4, 5);
        Assert.Equal([2, 60], new Flatten().Forward(x).Dims);
        Assert.Equal([6, 20], new Flatten(0, 1).Forward(x).Dims.Take(1).Concat(new Flatten(2).Forward(x).Dims.Skip(2)).ToArray());
        Assert.Equal([2, 3, 2, 2, 5], new Unflatten(2, [2, 2]).Forward(x).Dims);
        Assert.Same(x, new Identity().Forward(x));
    }

    [Fact]
    public void ActivationModulesMatchTensorMethods()
    {
        var x = Tensor.FromArray(new double[] { -2, -0.5, 0.5, 3 }, 2, 2);
        Assert.Equal(x.Relu().ToArray<double>(), new ReLU().Forward(x).ToArray<double>());
        Assert.Equal(x.LeakyRelu(0.2).ToArray<double>(), new LeakyReLU(0.2).Forward(x).ToArray<double>());
        Assert.Equal(x.Elu(0.5).ToArray<double>(), new ELU(0.5).Forward(x).ToArray<double>());
        Assert.Equal(x.Gelu("tanh").ToArray<double>(), new GELU("tanh").Forward(x).ToArray<double>());
        Assert.Equal(x.Sigmoid().ToArray<double>(), new Sigmoid().Forward(x).ToArray<double>());
        Assert.Equal(x.Tanh().ToArray<double>(), new Tanh().Forward(x).ToArray<double>());
        Assert.Equal(x.Softplus(2, 3).ToArray<double>(), new Softplus(2, 3).Forward(x).ToArray<double>());
        Assert.Equal(x.Softmax(1).ToArray<double>(), new Softmax(1).Forward(x).ToArray<double>());
        Assert.Equal(x.LogSoftmax(0).ToArray<double>(), new LogSoftmax(0).Forward(x).ToArray<double>());
    }

    [Fact]
    public void ReprLikePyTorch()
    {
        var model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.2), new Linear(128, 10));
        Assert.Equal(
            "Sequential(\n  (0): Flatten(start_dim=1, end_dim=-1)\n  (1): Linear(in_features=784, out_features=128, bias=True)\n" +
            "  (2): ReLU()\n  (3): Dropout(p=0.2, inplace=False)\n  (4): Linear(in_features=128, out_features=10, bias=True)\n)",
            model.ToString());
        Assert.Equal("BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(3).ToString());
        Assert.Equal("LayerNorm((10,), eps=1e-05, elementwise_affine=True)", new LayerNorm(10).ToString());
        Assert.Equal("LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)", new LocalResponseNorm(2).ToString());
        Assert.Equal("Embedding(10, 3, padding_idx=0)", new Embedding(10, 3, 0).ToString());
        Assert.Equal("Unflatten(dim=1, unflattened_size=(2, 5))", new Unflatten(1, [2, 5]).ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", new LeakyReLU().ToString());
        Assert.Equal("GELU(approximate='none')", new GELU().ToString());
        Assert.Equal("Softmax(dim=1)", new Softmax(1).ToString());
    }
}
