using Nabla.Autograd;
using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;
using FusedGruCell = Nabla.Ops.GruCell;
using FusedLstmCell = Nabla.Ops.LstmCell;
using GruSequence = Nabla.Ops.GruSequence;
using LstmSequence = Nabla.Ops.LstmSequence;
using RnnSequence = Nabla.Ops.RnnSequence;

namespace Nabla.Tests.Nn;

/// <summary>
/// The fused LSTM and GRU ops (per cell step and per whole sequence) and the fused Elman sequence against the same recurrences composed from
/// MatMul, Chunk, Sigmoid, Tanh and arithmetic: outputs, gradients, second derivatives and tangents, in float32 and
/// float64. Batch 64 and hidden size 19 take the kernels' parallel rows and their vector loops with a scalar tail.
/// </summary>
public class RecurrentFusedTests
{
    private const int Steps = 4, Batch = 64, InputSize = 3, Hidden = 19;

    private static Tensor In(DType dtype, int seed, params int[] shape) =>
        (Tensor.Randn(shape, DType.Float64, new Generator(seed)) * 0.5).To(dtype).Detach().RequiresGrad_();

    /// <summary>x, W_ih, W_hh, b_ih, b_hh, h0 and, for an LSTM, c0 and with <paramref name="projection"/> &gt; 0 W_hr (P, H).</summary>
    private static Tensor[] Inputs(DType dtype, int gates, int batch = Batch, int hidden = Hidden, int projection = 0)
    {
        int size = projection > 0 ? projection : hidden;
        var list = new List<Tensor>
        {
            In(dtype, 1, Steps, batch, InputSize), In(dtype, 2, gates * hidden, InputSize), In(dtype, 3, gates * hidden, size),
            In(dtype, 4, gates * hidden), In(dtype, 5, gates * hidden), In(dtype, 6, batch, size),
        };
        if (gates == 4) list.Add(In(dtype, 7, batch, hidden));
        if (projection > 0) list.Add(In(dtype, 8, projection, hidden));
        return [.. list];
    }

    /// <summary>The h sequence then the c sequence, flattened, as the fused op lays them out; with W_hr (p[7]) h is projected.</summary>
    private static Tensor ComposedLstm(Tensor[] p, bool reverse)
    {
        var gi = p[0].MatMul(p[1].T) + p[3];
        var (h, c) = (p[5], p[6]);
        var (hs, cs) = (new Tensor[Steps], new Tensor[Steps]);
        for (int s = 0; s < Steps; s++)
        {
            int t = reverse ? Steps - 1 - s : s;
            (h, c) = ComposedLstmStep(gi.Select(0, t), h.MatMul(p[2].T) + p[4], c);
            if (p.Length > 7) h = h.MatMul(p[7].T);
            (hs[t], cs[t]) = (h, c);
        }
        return Tensor.Cat([Tensor.Stack(hs, 0).Reshape(-1), Tensor.Stack(cs, 0).Reshape(-1)], 0);
    }

    private static (Tensor H, Tensor C) ComposedLstmStep(Tensor gi, Tensor gh, Tensor c)
    {
        var gates = (gi + gh).Chunk(4, 1);
        var cNew = gates[1].Sigmoid() * c + gates[0].Sigmoid() * gates[2].Tanh();
        return (gates[3].Sigmoid() * cNew.Tanh(), cNew);
    }

    private static Tensor FusedLstm(Tensor[] p, bool reverse) =>
        LstmSequence.Apply(p[0].MatMul(p[1].T), p[2], p[5], p[6], p[3], p[4], p.Length > 7 ? p[7] : null, reverse);

    private static Tensor ComposedGru(Tensor[] p, bool reverse)
    {
        var gi = p[0].MatMul(p[1].T) + p[3];
        var h = p[5];
        var hs = new Tensor[Steps];
        for (int s = 0; s < Steps; s++)
        {
            int t = reverse ? Steps - 1 - s : s;
            h = hs[t] = ComposedGruStep(gi.Select(0, t), h.MatMul(p[2].T) + p[4], h);
        }
        return Tensor.Stack(hs, 0);
    }

    private static Tensor ComposedGruStep(Tensor gi, Tensor gh, Tensor h)
    {
        var xi = gi.Chunk(3, 1);
        var hh = gh.Chunk(3, 1);
        var r = (xi[0] + hh[0]).Sigmoid();
        var z = (xi[1] + hh[1]).Sigmoid();
        var n = (xi[2] + r * hh[2]).Tanh();
        return n + z * (h - n);
    }

    private static Tensor FusedGru(Tensor[] p, bool reverse) => GruSequence.Apply(p[0].MatMul(p[1].T), p[2], p[5], p[3], p[4], reverse);

    private static Tensor ComposedRnn(Tensor[] p, bool relu, bool reverse)
    {
        var gi = p[0].MatMul(p[1].T) + p[3];
        var h = p[5];
        var hs = new Tensor[Steps];
        for (int s = 0; s < Steps; s++)
        {
            int t = reverse ? Steps - 1 - s : s;
            var z = gi.Select(0, t) + (h.MatMul(p[2].T) + p[4]);
            h = hs[t] = relu ? z.Relu() : z.Tanh();
        }
        return Tensor.Stack(hs, 0);
    }

    private static Tensor FusedRnn(Tensor[] p, bool relu, bool reverse) => RnnSequence.Apply(p[0].MatMul(p[1].T), p[2], p[5], p[3], p[4], relu, reverse);

    private static Tensor FusedLstmCellStep(Tensor[] p) => FusedLstmCell.Apply(p[0].Select(0, 0).MatMul(p[1].T), p[5].MatMul(p[2].T), p[6], p[3], p[4]);

    private static Tensor ComposedLstmCellStep(Tensor[] p)
    {
        var (h, c) = ComposedLstmStep(p[0].Select(0, 0).MatMul(p[1].T) + p[3], p[5].MatMul(p[2].T) + p[4], p[6]);
        return Tensor.Stack([h, c], 0);
    }

    private static Tensor FusedGruCellStep(Tensor[] p) => FusedGruCell.Apply(p[0].Select(0, 0).MatMul(p[1].T), p[5].MatMul(p[2].T), p[5], p[3], p[4]);

    private static Tensor ComposedGruCellStep(Tensor[] p) => ComposedGruStep(p[0].Select(0, 0).MatMul(p[1].T) + p[3], p[5].MatMul(p[2].T) + p[4], p[5]);

    public static TheoryData<string, bool> Ops => new()
    {
        { "lstm", false }, { "lstm", true }, { "lstm-proj", false }, { "lstm-proj", true }, { "gru", false }, { "gru", true },
        { "rnn-tanh", false }, { "rnn-relu", true },
        { "lstm-cell", false }, { "gru-cell", false },
    };

    private static (Func<Tensor[], Tensor> Fused, Func<Tensor[], Tensor> Composed, int Gates) Pick(string op, bool reverse) => op switch
    {
        "lstm" or "lstm-proj" => (p => FusedLstm(p, reverse), p => ComposedLstm(p, reverse), 4),
        "gru" => (p => FusedGru(p, reverse), p => ComposedGru(p, reverse), 3),
        "rnn-tanh" => (p => FusedRnn(p, false, reverse), p => ComposedRnn(p, false, reverse), 1),
        "rnn-relu" => (p => FusedRnn(p, true, reverse), p => ComposedRnn(p, true, reverse), 1),
        "lstm-cell" => (FusedLstmCellStep, ComposedLstmCellStep, 4),
        _ => (FusedGruCellStep, ComposedGruCellStep, 3),
    };

    private static int Projection(string op) => op == "lstm-proj" ? 7 : 0;

    private static double[] Values(Tensor t) => t.To(DType.Float64).ToArray<double>();

    [Theory]
    [MemberData(nameof(Ops))]
    public void OutputsAndGradientsMatchTheComposedRecurrence(string op, bool reverse)
    {
        var (fused, composed, gates) = Pick(op, reverse);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
            var p = Inputs(dtype, gates, projection: Projection(op));
            var expected = composed(p);
            var y = fused(p);
            Assert.Equal(dtype, y.DType);
            Assert.Equal(expected.Dims, y.Dims);
            AssertClose(Values(expected), Values(y), tol, tol);

            var g = Tensor.Randn(y.Dims, DType.Float64, new Generator(11)).To(dtype);
            var reference = Gradients(composed, p, g);
            var got = Gradients(fused, p, g);
            for (int i = 0; i < p.Length; i++)
                if (reference[i] is not null) AssertClose(reference[i]!, got[i]!, tol, tol);
        }
    }

    private static double[]?[] Gradients(Func<Tensor[], Tensor> f, Tensor[] p, Tensor g)
    {
        foreach (var x in p) x.Grad = null;
        f(p).Backward(g);
        var grads = p.Select(x => x.Grad is null ? null : Values(x.Grad)).ToArray();
        foreach (var x in p) x.Grad = null;
        return grads;
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void SecondDerivativesMatchTheComposedRecurrence(string op, bool reverse)
    {
        var (fused, composed, gates) = Pick(op, reverse);
        var p = Inputs(DType.Float64, gates, batch: 2, hidden: 3, projection: Projection(op) > 0 ? 2 : 0);
        double[][] Run(Func<Tensor[], Tensor> f)
        {
            var y = f(p);
            y.Backward(Tensor.Randn(y.Dims, DType.Float64, new Generator(5)), createGraph: true);
            // A scalar of first derivatives with respect to the input, W_hh and the initial state.
            var s = (p[0].Grad! * p[0].Grad!).Sum() + (p[2].Grad! * p[2].Grad!).Sum() + (p[5].Grad! * p[5].Grad!).Sum();
            foreach (var x in p) x.Grad = null;
            s.Backward();
            var result = p.Select(x => x.Grad!.ToArray<double>()).ToArray();
            foreach (var x in p) x.Grad = null;
            return result;
        }
        var expected = Run(composed);
        var got = Run(fused);
        for (int i = 0; i < p.Length; i++) AssertClose(expected[i], got[i], 1e-10, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void TangentsMatchTheComposedRecurrence(string op, bool reverse)
    {
        var (fused, composed, gates) = Pick(op, reverse);
        var p = Inputs(DType.Float64, gates, batch: 3, hidden: 5, projection: Projection(op) > 0 ? 2 : 0);
        var gen = new Generator(8);
        var u = p.Select(x => Tensor.Randn(x.Dims, DType.Float64, gen)).ToArray();
        var (_, expected) = ForwardAD.Jvp(composed, p, u);
        var (_, got) = ForwardAD.Jvp(fused, p, u);
        AssertClose(expected.ToArray<double>(), got.ToArray<double>(), 1e-12, 1e-12);
    }

    [Fact]
    public void WithoutAGraphTheSequencesGiveTheSameValues()
    {
        Tensor[][] lstms = [Inputs(DType.Float32, 4), Inputs(DType.Float32, 4, projection: 7)];
        var gru = Inputs(DType.Float32, 3);
        var rnn = Inputs(DType.Float32, 1);
        var tracked = lstms.Select(p => FusedLstm(p, false)).Append(FusedGru(gru, true)).Append(FusedRnn(rnn, false, false)).ToArray();
        Assert.Equal(["LstmSequence", "LstmSequence", "GruSequence", "RnnSequence"], tracked.Select(y => y.GradFnName));
        using (GradMode.NoGrad())
        {
            var plain = lstms.Select(p => FusedLstm(p, false)).Append(FusedGru(gru, true)).Append(FusedRnn(rnn, false, false)).ToArray();
            for (int i = 0; i < plain.Length; i++)
            {
                Assert.Null(plain[i].GradFnName);
                Assert.Equal(tracked[i].ToArray<float>(), plain[i].ToArray<float>());
            }
        }
    }

    private static HashSet<string> GraphOps(Tensor y)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<Function>();
        if (y.GradFn is { } root) stack.Push(root);
        while (stack.Count > 0)
        {
            var fn = stack.Pop();
            seen.Add(fn.Name);
            foreach (var x in fn.Inputs)
                if (x.GradFn is { } next) stack.Push(next);
        }
        return seen;
    }

    [Fact]
    public void RecurrentLayersRunTheFusedOps()
    {
        var x = Tensor.Randn([5, 2, 3], DType.Float32, new Generator(1));
        var (output, (h, c)) = new LSTM(3, 4, bidirectional: true).ForwardWithState(x);
        foreach (var y in new[] { output, h, c })
        {
            Assert.Contains("LstmSequence", GraphOps(y));
            Assert.DoesNotContain("Sigmoid", GraphOps(y));
        }
        var gru = new GRU(3, 4, numLayers: 2).ForwardWithState(x);
        Assert.Contains("GruSequence", GraphOps(gru.Output));
        Assert.DoesNotContain("Sigmoid", GraphOps(gru.HN));
        var rnn = new RNN(3, 4, nonlinearity: "relu", bidirectional: true).ForwardWithState(x);
        Assert.Contains("RnnSequence", GraphOps(rnn.Output));
        Assert.DoesNotContain("Relu", GraphOps(rnn.HN));
        var (ch, cc) = new LSTMCell(3, 4).Forward(x.Select(0, 0), null);
        Assert.Contains("LstmCell", GraphOps(ch));
        Assert.Contains("LstmCell", GraphOps(cc));
        Assert.Equal("GruCell", new GRUCell(3, 4).Forward(x.Select(0, 0)).GradFnName);
        var projected = new LSTM(3, 4, projSize: 2).Forward(x);
        Assert.Contains("LstmSequence", GraphOps(projected));
        Assert.DoesNotContain("LstmCell", GraphOps(projected));
    }

    [Fact]
    public void EmptyBatchesGiveEmptyOutputsAndZeroWeightGradients()
    {
        foreach (var (mode, gates) in new[] { (RecurrentMode.Lstm, 4), (RecurrentMode.Gru, 3), (RecurrentMode.RnnTanh, 1) })
        {
            var weights = Enumerable.Range(0, 2).SelectMany(d => new[] { Leaf(d, gates * 2, 3), Leaf(d + 2, gates * 2, 2), Leaf(d + 4, gates * 2), Leaf(d + 6, gates * 2) }).ToArray();
            var (output, hn, cn) = Recurrent.Rnn(mode, Tensor.Zeros([4, 0, 3], DType.Float64), null, null, weights, true, 1, 0, false, true, false);
            Assert.Equal(new[] { 4, 0, 4 }, output.Shape.ToArray());
            Assert.Equal(new[] { 2, 0, 2 }, hn.Shape.ToArray());
            Assert.Equal(mode == RecurrentMode.Lstm, cn is not null);
            (output.Sum() + hn.Sum()).Backward();
            Assert.All(weights, w => Assert.All(w.Grad!.ToArray<double>(), v => Assert.Equal(0.0, v)));
        }
    }

    [Fact]
    public void MixedDTypesArePromoted()
    {
        var gi = Tensor.Randn([2, 1, 8], DType.Float32, new Generator(1));
        var w = Tensor.Randn([8, 2], DType.Float64, new Generator(2));
        var y = LstmSequence.Apply(gi, w, Tensor.Zeros([1, 2], DType.Float32), Tensor.Zeros([1, 2], DType.Float32), null, null, null, false);
        Assert.Equal(DType.Float64, y.DType);
        var expected = LstmSequence.Apply(gi.To(DType.Float64), w, Tensor.Zeros([1, 2], DType.Float64), Tensor.Zeros([1, 2], DType.Float64), null, null, null, false);
        Assert.Equal(expected.ToArray<double>(), y.ToArray<double>());
    }

    [Fact]
    public void ShapeAndDTypeErrorsNameTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => LstmSequence.Apply(Tensor.Zeros(3, 2, 8), Tensor.Zeros(8, 3), Tensor.Zeros(2, 2), Tensor.Zeros(2, 2), null, null, null, false));
        Assert.Contains("LstmSequence: gi [3, 2, 8], weight_hh [8, 3], h0 [2, 2], c0 [2, 2], biases none and none, weight_hr none", e.Message);
        e = Assert.Throws<ArgumentException>(() => LstmSequence.Apply(Tensor.Zeros(3, 2, 8), Tensor.Zeros(8, 1), Tensor.Zeros(2, 1), Tensor.Zeros(2, 2), null, null, Tensor.Zeros(1, 3), false));
        Assert.Contains("weight_hr [1, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => GruSequence.Apply(Tensor.Zeros(0, 2, 6), Tensor.Zeros(6, 2), Tensor.Zeros(2, 2), null, null, false));
        Assert.Contains("GruSequence: gi [0, 2, 6]", e.Message);
        e = Assert.Throws<ArgumentException>(() => FusedLstmCell.Apply(Tensor.Zeros(2, 8), Tensor.Zeros(2, 8), Tensor.Zeros(2, 2), Tensor.Zeros(4), null));
        Assert.Contains("LstmCell: gi [2, 8], gh [2, 8], c_prev [2, 2], biases [4] and none", e.Message);
        e = Assert.Throws<ArgumentException>(() => FusedGruCell.Apply(Tensor.Zeros([2, 6], DType.Int64), Tensor.Zeros([2, 6], DType.Int64), Tensor.Zeros([2, 2], DType.Int64), null, null));
        Assert.Contains("GruCell: expected floating-point inputs, got Int64", e.Message);
    }
}
