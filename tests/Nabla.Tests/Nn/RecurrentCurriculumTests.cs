using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Nn;

/// <summary>The curriculum's worked recurrent examples (seed003-004 inventory §30: B17, B18, B32).</summary>
public class RecurrentCurriculumTests
{
    private static Tensor F64(params double[] values) => Tensor.FromArray(values, values.Length);

    /// <summary>B17: scalar Elman RNN with w_xh = 1, w_hh = 0.5, h0 = 0, read-out y = w_hy·h with w_hy = 2, inputs [1, 2].</summary>
    [Fact]
    public void B17VanillaRnnScalar()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, 2, 1, 1);
        var (output, hn, _) = Recurrent.Rnn(RecurrentMode.RnnTanh, x, null, null, [F64(1).Reshape(1, 1), F64(0.5).Reshape(1, 1)],
            false, 1, 0, false, false, false);
        var y = output * 2;
        AssertClose([0.7615941559557649, 0.9830411011980433], output.ToArray<double>(), 1e-15, 1e-15);
        AssertClose([1.5231883119115297, 1.9660822023960867], y.ToArray<double>(), 1e-15, 1e-15);
        Assert.Equal(output.Select(0, 1).ToArray<double>(), hn.Select(0, 0).ToArray<double>());

        // The same two steps through the float32 cell module.
        var cell = new RNNCell(1, 1, bias: false);
        using (Tensor.NoGrad())
        {
            cell.WeightIh.Fill_(1);
            cell.WeightHh.Fill_(0.5);
        }
        var h1 = cell.Forward(Tensor.FromArray(new float[] { 1 }, 1, 1), null);
        var h2 = cell.Forward(Tensor.FromArray(new float[] { 2 }, 1, 1), h1);
        AssertClose([0.7615941559557649, 0.9830411011980433], [h1.ToArray<float>()[0], h2.ToArray<float>()[0]], 1e-6, 1e-7);
    }

    /// <summary>
    /// One LSTM cell step with input x = 1 and h0 = 0, weights set so the pre-activations are the given (z_i, z_f, z_g, z_o):
    /// W_ih holds them in PyTorch's gate order, W_hh and the biases are zero.
    /// </summary>
    private static (Tensor H, Tensor C, Tensor O) LstmStep(double zi, double zf, double zg, double zo, double c0, DType dtype)
    {
        var wIh = F64(zi, zf, zg, zo).Reshape(4, 1).To(dtype);
        var wHh = Tensor.Zeros([4, 1], dtype);
        var (h, c) = Recurrent.LstmCell(Tensor.Ones([1, 1], dtype), Tensor.Zeros([1, 1], dtype), Tensor.Full([1, 1], c0, dtype), wIh, wHh,
            Tensor.Zeros([4], dtype), Tensor.Zeros([4], dtype));
        return (h, c, Tensor.Full([1, 1], zo, dtype).Sigmoid());
    }

    /// <summary>
    /// B18: the standard cell (h = o·tanh c, as in the 004 notes and PyTorch) and the 003 notes' variant h = o·c from the
    /// same gates, for all-zero pre-activations with c0 = 1 and for (z_i, z_f, z_g, z_o) = (1, 2, 0.5, −1) with c0 = 0.5.
    /// </summary>
    [Theory]
    [InlineData(0, 0, 0, 0, 1, 0.5, 0.23105857863000487, 0.25)]
    [InlineData(1, 2, 0.5, -1, 0.5, 0.7782332511359823, 0.1752668298178466, 0.20929915671790345)]
    public void B18LstmCellScalar(double zi, double zf, double zg, double zo, double c0, double c1, double h004, double h003)
    {
        var (h, c, o) = LstmStep(zi, zf, zg, zo, c0, DType.Float64);
        Assert.Equal(c1, c.Item(), 15);
        Assert.Equal(h004, h.Item(), 15);
        Assert.Equal(h003, (o * c).Item(), 15);

        var (h32, c32, _) = LstmStep(zi, zf, zg, zo, c0, DType.Float32);
        Assert.Equal(c1, c32.Item(), 6);
        Assert.Equal(h004, h32.Item(), 6);

        // The module with the same weights.
        var cell = new LSTMCell(1, 1);
        using (Tensor.NoGrad())
        {
            cell.WeightIh.CopyFrom_(F64(zi, zf, zg, zo).Reshape(4, 1).To(DType.Float32));
            cell.WeightHh.Zero_();
            cell.BiasIh!.Zero_();
            cell.BiasHh!.Zero_();
        }
        var (hm, cm) = cell.Forward(Tensor.Ones(1, 1), (Tensor.Zeros(1, 1), Tensor.Full([1, 1], c0)));
        Assert.Equal(h004, hm.Item(), 6);
        Assert.Equal(c1, cm.Item(), 6);
    }

    [Fact]
    public void B18GateValues()
    {
        var gates = F64(1, 2, 0.5, -1);
        var act = Tensor.Cat([gates.Narrow(0, 0, 2).Sigmoid(), gates.Narrow(0, 2, 1).Tanh(), gates.Narrow(0, 3, 1).Sigmoid()], 0);
        AssertClose([0.7310585786300049, 0.8807970779778823, 0.46211715726000974, 0.2689414213699951], act.ToArray<double>(), 1e-15, 1e-15);
    }

    /// <summary>
    /// B32: with the forget gate saturated at f = 1 and the input gate at i = 0 (their weights zero, biases ±40, so
    /// σ(40) rounds to exactly 1 in float64), c_t = c_{t−1}, hence ∂c_T/∂c_0 = 1: the identity gradient path, through
    /// the fused sequence and through the fused cell stepped by hand.
    /// </summary>
    [Fact]
    public void B32LstmIdentityGradientPath()
    {
        const int steps = 6, batch = 2, hidden = 3, input = 2;
        var gen = new Generator(3);
        var wIh = Tensor.Randn([4 * hidden, input], DType.Float64, gen);
        var wHh = Tensor.Randn([4 * hidden, hidden], DType.Float64, gen);
        var bias = Tensor.Randn([4 * hidden], DType.Float64, gen);
        using (Tensor.NoGrad())
        {
            foreach (var w in new[] { wIh, wHh }) w.Narrow(0, 0, 2 * hidden).Zero_();
            bias.Narrow(0, 0, hidden).Fill_(-40);
            bias.Narrow(0, hidden, hidden).Fill_(40);
        }
        var zeroBias = Tensor.Zeros([4 * hidden], DType.Float64);
        var x = Leaf(4, steps, batch, input);
        var c0 = Leaf(5, 1, batch, hidden);
        var (_, _, cn) = Recurrent.Rnn(RecurrentMode.Lstm, x, null, c0, [wIh, wHh, bias, zeroBias], true, 1, 0, false, false, false);
        AssertClose(c0.ToArray<double>(), cn!.ToArray<double>(), 1e-15, 1e-15);
        cn.Sum().Backward();
        AssertClose(Enumerable.Repeat(1.0, batch * hidden).ToArray(), c0.Grad!.ToArray<double>(), 1e-15, 0);
        Assert.All(x.Grad!.ToArray<double>(), v => Assert.True(Math.Abs(v) < 1e-15, $"∂c_T/∂x = {v}"));

        var cState = Leaf(5, batch, hidden);
        var (h, c) = (Tensor.Zeros([batch, hidden], DType.Float64), cState);
        for (int t = 0; t < steps; t++) (h, c) = Recurrent.LstmCell(x.Select(0, t), h, c, wIh, wHh, bias, zeroBias);
        c.Sum().Backward();
        AssertClose(Enumerable.Repeat(1.0, batch * hidden).ToArray(), cState.Grad!.ToArray<double>(), 1e-15, 0);
    }
}
