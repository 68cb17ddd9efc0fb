using Nabla.Autograd;
using Nabla.Models.Text;
using Xunit;

namespace Nabla.Tests.Models;

/// <summary>
/// The word2vec objectives: the curriculum's B22 numbers (seed003-004-inventory §30) through the loss code, and
/// gradients against float64 finite differences.
/// </summary>
public class Word2VecLossTests
{
    private const double LogSigmoid2 = -0.12692801104297263;
    private const double LogSigmoidMinus1 = -1.3132616875182228;
    private const double Objective = -1.4401896985611955;

    // Tolerances of a few ulps: softplus goes through log1p(exp(x)), not the closed forms the curriculum used.
    private static Tensor T(double[] values, params int[] shape) => Tensor.FromArray(values, shape);

    [Fact]
    public void NegativeSamplingReproducesTheCurriculumNumbers()
    {
        // v_c = [1, 0], u_o = [2, 0] so u_oᵀv_c = 2; one negative u_k = [1, 0] with score 1.
        var hidden = T([1, 0], 1, 2);
        var positive = T([2, 0], 1, 2);
        var positiveOnly = Word2VecLoss.NegativeSampling(hidden, positive, Tensor.Zeros([1, 0, 2], DType.Float64)).Item();
        Assert.Equal(-LogSigmoid2, positiveOnly, 1e-15);
        var total = Word2VecLoss.NegativeSampling(hidden, positive, T([1, 0], 1, 1, 2)).Item();
        Assert.Equal(-Objective, total, 1e-15);
        Assert.Equal(-LogSigmoidMinus1, total - positiveOnly, 1e-14);
    }

    [Fact]
    public void SkipGramAndCbowGatherTheSameNumbersFromTables()
    {
        // Rows: v_0 = [1, 0]; u_1 = [2, 0] (the context), u_2 = [1, 0] (the negative).
        var input = T([1, 0, 0, 5, 1, 0], 3, 2);
        var output = T([0, 0, 2, 0, 1, 0], 3, 2);
        var centres = Tensor.FromArray(new long[] { 0 }, 1);
        var contexts = Tensor.FromArray(new long[] { 1 }, 1);
        var negatives = Tensor.FromArray(new long[] { 2 }, 1, 1);
        Assert.Equal(-Objective, Word2VecLoss.SkipGram(input, output, centres, contexts, negatives).Item(), 1e-15);
        // CBOW: the mean of v_0 and v_2 (both [1, 0]) is the hidden vector; slot 2 is padding with weight 0.
        var cbowContexts = Tensor.FromArray(new long[] { 0, 2, 1 }, 1, 3);
        var weights = T([0.5, 0.5, 0], 1, 3);
        Assert.Equal(-Objective, Word2VecLoss.Cbow(input, output, cbowContexts, weights, contexts, negatives).Item(), 1e-15);
    }

    [Fact]
    public void FullSoftmaxGivesTheCurriculumProbability()
    {
        // Scores [2, 1, 0] for h = [1] and output rows [2], [1], [0]; o is the first.
        var loss = Word2VecLoss.FullSoftmax(T([1], 1, 1), T([2, 1, 0], 3, 1), Tensor.FromArray(new long[] { 0 }, 1)).Item();
        Assert.Equal(0.6652409557748218, Math.Exp(-loss), 1e-15);
    }

    [Fact]
    public void LossesSumOverTheBatchInFloat32()
    {
        var hidden = Tensor.FromArray(new float[] { 1, 0, 1, 0 }, 2, 2);
        var positive = Tensor.FromArray(new float[] { 2, 0, 2, 0 }, 2, 2);
        var negatives = Tensor.FromArray(new float[] { 1, 0, 1, 0 }, 2, 1, 2);
        var loss = Word2VecLoss.NegativeSampling(hidden, positive, negatives);
        Assert.Equal(DType.Float32, loss.DType);
        Assert.Equal(-2 * Objective, loss.Item(), 5);
    }

    [Fact]
    public void SkipGramGradientMatchesFiniteDifferences()
    {
        // Repeated rows (centre 1 twice, word 3 as context and negative) check that gradients accumulate.
        var centres = Tensor.FromArray(new long[] { 1, 1, 4 }, 3);
        var contexts = Tensor.FromArray(new long[] { 3, 2, 0 }, 3);
        var negatives = Tensor.FromArray(new long[] { 0, 2, 3, 4, 3, 1 }, 3, 2);
        var result = GradCheck.Check(
            w => Word2VecLoss.SkipGram(w[0], w[1], centres, contexts, negatives),
            [TestUtil.Leaf(1, 5, 3), TestUtil.Leaf(2, 5, 3)]);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void CbowGradientMatchesFiniteDifferences()
    {
        var contexts = Tensor.FromArray(new long[] { 1, 2, 0, 3, 3, 4 }, 2, 3);
        var weights = Tensor.FromArray(new double[] { 0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3 }, 2, 3);
        var centres = Tensor.FromArray(new long[] { 4, 1 }, 2);
        var negatives = Tensor.FromArray(new long[] { 2, 0, 1, 4 }, 2, 2);
        var result = GradCheck.Check(
            w => Word2VecLoss.Cbow(w[0], w[1], contexts, weights, centres, negatives),
            [TestUtil.Leaf(3, 5, 4), TestUtil.Leaf(4, 5, 4)]);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void NegativeSamplingGradientMatchesTheClosedForm()
    {
        // d/dh = (σ(s_o) − 1)·u_o + Σ_k σ(s_k)·u_k, checked against GradCheck and by value.
        var hidden = TestUtil.Leaf(5, 2, 3);
        var positive = TestUtil.Leaf(6, 2, 3);
        var negatives = TestUtil.Leaf(7, 2, 4, 3);
        var result = GradCheck.Check(x => Word2VecLoss.NegativeSampling(x[0], x[1], x[2]), [hidden, positive, negatives]);
        Assert.True(result.Passed, result.Message);
        Word2VecLoss.NegativeSampling(hidden, positive, negatives).Backward();
        using (Tensor.NoGrad())
        {
            var so = (hidden * positive).Sum(-1, keepDim: true);
            var sk = (negatives * hidden.Unsqueeze(1)).Sum(-1, keepDim: true);
            var expected = (so.Sigmoid() - 1) * positive + (sk.Sigmoid() * negatives).Sum(1);
            TestUtil.AssertClose(expected.ToArray<double>(), hidden.Grad!.ToArray<double>(), 1e-12, 1e-12);
        }
    }

    [Fact]
    public void ShapeErrorsNameTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Word2VecLoss.NegativeSampling(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), Tensor.Zeros(2, 1, 4)));
        Assert.Contains("Word2VecLoss.NegativeSampling", e.Message);
        Assert.Contains("[2, 1, 4]", e.Message);
        var c = Assert.Throws<ArgumentException>(() => Word2VecLoss.Cbow(Tensor.Zeros(4, 3), Tensor.Zeros(4, 3),
            Tensor.Zeros([2, 3], DType.Int64), Tensor.Zeros(2, 2), Tensor.Zeros([2], DType.Int64), Tensor.Zeros([2, 1], DType.Int64)));
        Assert.Contains("Word2VecLoss.Cbow", c.Message);
        Assert.Contains("[2, 2]", c.Message);
    }
}
