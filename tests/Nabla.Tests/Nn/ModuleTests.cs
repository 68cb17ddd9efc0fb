using Nabla.Autograd;
using Nabla.Nn;
using Xunit;

namespace Nabla.Tests.Nn;

public class ModuleTests
{
    private sealed class Affine : Module
    {
        public Affine(int n, bool bias = true)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(n));
            if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(n));
            else RegisterParameter("bias");
            Count = RegisterBuffer("count", Tensor.Zeros([1], DType.Int64));
            RegisterBuffer("scratch", Tensor.Zeros(1), persistent: false);
        }

        public Tensor Weight { get; }

        public Tensor? Bias { get; }

        public Tensor Count { get; }

        protected override Tensor ForwardCore(Tensor input) => Bias is null ? input * Weight : input * Weight + Bias;

        protected override string ExtraRepr() => $"n={Weight.Size(0)}";
    }

    private sealed class Net : Module
    {
        public Net()
        {
            Encoder = RegisterModule("encoder", new Sequential(new Affine(3), new Affine(3, bias: false)));
            Head = RegisterModule("head", new Affine(3));
        }

        public Sequential Encoder { get; }

        public Affine Head { get; }

        protected override Tensor ForwardCore(Tensor input) => Head.Forward(Encoder.Forward(input));
    }

    [Fact]
    public void NamesAreHierarchicalAndOrdered()
    {
        var net = new Net();
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "head.weight", "head.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.0.count", "encoder.1.weight", "encoder.1.count", "head.weight", "head.bias", "head.count"], net.StateDict().Keys);
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        Assert.Equal("Net(\n  (encoder): Sequential(\n    (0): Affine(n=3)\n    (1): Affine(n=3)\n  )\n  (head): Affine(n=3)\n)", net.ToString());
    }

    [Fact]
    public void StateDictRoundTripsAndChecksKeysAndShapes()
    {
        var a = new Net();
        var b = new Net();
        using (GradMode.NoGrad()) a.Head.Weight.Fill_(7);
        b.LoadStateDict(a.StateDict());
        Assert.Equal([7f, 7f, 7f], b.Head.Weight.ToArray<float>());
        var partial = new Dictionary<string, Tensor>(a.StateDict()) { ["extra"] = Tensor.Zeros(1) };
        partial.Remove("head.bias");
        var ex = Assert.Throws<ArgumentException>(() => b.LoadStateDict(partial));
        Assert.Contains("missing keys: head.bias", ex.Message);
        Assert.Contains("unexpected keys: extra", ex.Message);
        b.LoadStateDict(partial, strict: false);
        var wrong = new Dictionary<string, Tensor>(a.StateDict()) { ["head.weight"] = Tensor.Zeros(4) };
        Assert.Contains("size mismatch for head.weight", Assert.Throws<ArgumentException>(() => b.LoadStateDict(wrong)).Message);
    }

    [Fact]
    public void TrainEvalFreezeAndHooks()
    {
        var net = new Net();
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training));
        net.Train();
        Assert.True(net.Head.Training);
        net.Encoder.Freeze();
        Assert.Equal(2, net.Parameters().Count(p => p.RequiresGrad));
        int calls = 0;
        using (net.Head.RegisterForwardHook((m, i, o) => { calls++; return o * 2.0; }))
        {
            var y = net.Forward(Tensor.Ones(3));
            Assert.Equal([2f, 2f, 2f], y.ToArray<float>());
        }
        net.Forward(Tensor.Ones(3));
        Assert.Equal(1, calls);
        net.To(DType.Float64);
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        Assert.Equal(DType.Int64, net.Head.Count.DType);
    }

    [Fact]
    public void InitialisersFollowPyTorchFormulas()
    {
        var w = Tensor.Empty([200, 100]);
        Init.XavierUniform_(w, generator: new Generator(1));
        double bound = Math.Sqrt(6.0 / 300);
        Assert.True(w.Abs().Max().Item() <= bound);
        Assert.Equal(0.006666666666666667, w.To(DType.Float64).Var().Item(), 3);
        Init.KaimingNormal_(w, nonlinearity: "relu", generator: new Generator(2));
        Assert.Equal(0.02, w.To(DType.Float64).Var().Item(), 3);
        var q = Tensor.Empty([3, 5], DType.Float64);
        Init.Orthogonal_(q, generator: new Generator(3));
        var gram = q.MatMul(q.T).ToArray<double>();
        TestUtil.AssertClose([1, 0, 0, 0, 1, 0, 0, 0, 1], gram, 1e-12, 1e-12);
        Assert.Equal(5.0 / 3, Init.CalculateGain("tanh"));
        Assert.Contains("at least 2 dimensions", Assert.Throws<ArgumentException>(() => Init.Fans(Tensor.Zeros(3))).Message);
    }
}
