using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Nn;

/// <summary>
/// Every layer with parameters rejects an input of another dtype instead of converting it, as PyTorch does, with a
/// message naming the layer and both dtypes (issue 9, item 7).
/// </summary>
public class LayerDTypeTests
{
    /// <summary>Asserts an error naming <paramref name="layer"/>, float32 and <paramref name="input"/> (the other dtype).</summary>
    private static void Rejects(string layer, DType input, Action run)
    {
        var ex = Assert.Throws<ArgumentException>(run);
        Assert.Contains(layer, ex.Message);
        Assert.Contains(input.ToString(), ex.Message);
        Assert.Contains(nameof(DType.Float32), ex.Message);
        Assert.Contains("same dtype", ex.Message);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int64)]
    public void LinearRejectsAnotherDType(DType dtype)
    {
        Rejects("Linear", dtype, () => new Linear(4, 3).Forward(Tensor.Ones([2, 4], dtype)));
        Rejects("Linear", dtype, () => new Linear(4, 3, bias: false).Forward(Tensor.Ones([2, 4], dtype)));
        Rejects("Linear", DType.Float64, () => Functional.Linear(Tensor.Ones(2, 4), Tensor.Ones(3, 4), Tensor.Ones([3], DType.Float64)));
    }

    [Fact]
    public void EveryParameterisedLayerRejectsFloat64Input()
    {
        var f64 = DType.Float64;
        Rejects("Conv2d", f64, () => new Conv2d(1, 1, 3).Forward(Tensor.Ones([1, 1, 5, 5], f64)));
        Rejects("Conv1d", f64, () => new Conv1d(1, 1, 3).Forward(Tensor.Ones([1, 1, 5], f64)));
        Rejects("ConvTranspose2d", f64, () => new ConvTranspose2d(1, 1, 3).Forward(Tensor.Ones([1, 1, 5, 5], f64)));
        Rejects("BatchNorm", f64, () => new BatchNorm1d(4).Forward(Tensor.Ones([2, 4], f64)));
        Rejects("BatchNorm", f64, () => new BatchNorm1d(4).Eval().Forward(Tensor.Ones([2, 4], f64)));
        Rejects("LayerNorm", f64, () => new LayerNorm([4]).Forward(Tensor.Ones([2, 4], f64)));
        Rejects("LSTM", f64, () => new LSTM(4, 3).Forward(Tensor.Ones([2, 1, 4], f64)));
        Rejects("GRU", f64, () => new GRU(4, 3).Forward(Tensor.Ones([2, 1, 4], f64)));
        Rejects("RNN", f64, () => new RNN(4, 3).Forward(Tensor.Ones([2, 1, 4], f64)));
        Rejects("LSTMCell", f64, () => new LSTMCell(4, 3).Forward(Tensor.Ones([2, 4], f64)));
        Rejects("GRUCell", f64, () => new GRUCell(4, 3).Forward(Tensor.Ones([2, 4], f64)));
        Rejects("RNNCell", f64, () => new RNNCell(4, 3).Forward(Tensor.Ones([2, 4], f64)));
        Rejects("LSTMCell", f64, () => new LSTMCell(4, 3).Forward(Tensor.Ones(2, 4), (Tensor.Zeros([2, 3], f64), Tensor.Zeros(2, 3))));
        Rejects("MultiheadAttention", f64, () => new MultiheadAttention(4, 2).Forward(Tensor.Ones([2, 1, 4], f64)));
        Rejects("MultiheadAttention", f64, () => new TransformerEncoderLayer(4, 2, 8).Forward(Tensor.Ones([2, 1, 4], f64)));
    }

    [Fact]
    public void MatchingDTypesStillWork()
    {
        var linear = new Linear(4, 3);
        linear.To(DType.Float64);
        Assert.Equal(DType.Float64, linear.Forward(Tensor.Ones([2, 4], DType.Float64)).DType);
        Assert.Equal(DType.Float32, new LSTMCell(4, 3).Forward(Tensor.Ones(2, 4), null).H.DType);
    }

    [Fact]
    public void EmbeddingRejectsNonIntegerIndices()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Embedding(5, 3).Forward(Tensor.FromArray([1.0f])));
        Assert.Contains("Embedding", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Equal(DType.Float32, new Embedding(5, 3).Forward(Tensor.FromArray([1])).DType);
    }

    [Fact]
    public void LossesRejectClassWeightsOfAnotherDType()
    {
        // torch: cross_entropy / nll_loss / multi_margin_loss with a float64 weight on float32 input raise; so does
        // binary_cross_entropy with a float64 target. Elementwise losses such as mse promote instead.
        var logits = Tensor.Randn([2, 3]);
        var target = Tensor.FromArray([0L, 1L]);
        var weight = Tensor.Ones([3], DType.Float64);
        Rejects("CrossEntropy", DType.Float64, () => Functional.CrossEntropy(logits, target, weight));
        Rejects("NllLoss", DType.Float64, () => Functional.NllLoss(logits.LogSoftmax(1), target, weight));
        Rejects("MultiMarginLoss", DType.Float64, () => Functional.MultiMarginLoss(logits, target, weight: weight));
        Rejects("BinaryCrossEntropy", DType.Float64, () => Functional.BinaryCrossEntropy(Tensor.Rand([3]), Tensor.Ones([3], DType.Float64)));
        Assert.Equal(DType.Float64, Functional.MseLoss(Tensor.Ones(3), Tensor.Ones([3], DType.Float64)).DType);
    }
}
