using Nabla.Autograd;
using Nabla.Nn;
using Xunit;
using static Nabla.Tests.TestUtil;

namespace Nabla.Tests.Differential;

/// <summary>Focused regression tests for the normalization and linear-layer bugs the randomized differential test's nn cases found.</summary>
public class NormRegressionTests
{
    [Fact]
    public void BatchNormGradientWithAStridedWeight()
    {
        // Differential case #2939 of seed 9: the weight is a stride-3 view of a 5-element buffer. PyTorch 1.13's CPU
        // backward reads it as if contiguous (x grad [-0.3818, -0.0029, ...]); these are its values for weight.contiguous().
        var x = Tensor.FromArray(new double[] { -1.7948142085662104, -0.6037447266212372, 0.8165520367711111, 0.7659137649302671, -0.3122332167583981, 0.6628720936751015 }, 3, 2).RequiresGrad_();
        var wBase = Tensor.FromArray(new double[] { 0.4585531871146922, 2.022042767640548, -0.1219301502869037, 0.032505920074648635, -1.4915396941623018 }).RequiresGrad_();
        var b = Tensor.FromArray(new double[] { 1.2951579673956781, 1.3045567543390761 }).RequiresGrad_();
        var y = Functional.BatchNorm(x, null, null, wBase.Slice(0, 1, 5, 3), b, training: true);
        AssertClose([-1.2852756185932688, 3.4090680797216733, 3.652592488484677, 0.12891544040247083, 1.5181570322956255, 0.3756867428930839], y.ToArray<double>());
        y.Backward(Tensor.FromArray(new double[] { -0.07472639907680852, 1.0825064557529605, -2.6270624749520723, 0.6105839999114921, -0.8188191690425421, 0.2744757694600344 }, 3, 2));
        AssertClose([-0.38178922929933645, -0.03600523088858187, -0.5015015232208663, -0.44225969256074815, 0.8832907525202023, 0.47826492344933014], x.Grad!.ToArray<double>());
        AssertClose([0.0, -3.057747969299857, 0.0, 0.0, -0.8751808711469885], wBase.Grad!.ToArray<double>());
    }

    [Fact]
    public void LayerNormOverAnEmptyNormalizedShapeHasAForwardModeTangent()
    {
        // Differential case #2165 of seed 9: torch.nn.functional.layer_norm of (2, 0, 4) over (0, 4) is empty; the JVP
        // used to reshape the zero per-row statistics to the two rows (2, 1, 1) and throw.
        var x = Tensor.Zeros(2, 0, 4);
        var (y, jvp) = ForwardAD.Jvp(t => Functional.LayerNorm(t, [0, 4]), x, Tensor.ZerosLike(x));
        Assert.Equal(0, y.NumElements);
        Assert.Equal(0, jvp.NumElements);
        Assert.Equal(3, jvp.Rank);
    }

    [Fact]
    public void LinearWithZeroInFeaturesHasGradients()
    {
        // torch.nn.functional.linear(zeros(2, 0), zeros(3, 0), ones(3)) = ones(2, 3); its backward used to throw on
        // Reshape(-1, 0), which cannot infer -1 from an empty tensor.
        var x = Tensor.Zeros([2, 0], DType.Float64).RequiresGrad_();
        var w = Tensor.Zeros([3, 0], DType.Float64).RequiresGrad_();
        var b = Tensor.Ones([3], DType.Float64).RequiresGrad_();
        var y = Functional.Linear(x, w, b);
        AssertClose([1, 1, 1, 1, 1, 1], y.ToArray<double>());
        y.Sum().Backward();
        Assert.Equal([2, 0], x.Grad!.Dims);
        Assert.Equal([3, 0], w.Grad!.Dims);
        AssertClose([2, 2, 2], b.Grad!.ToArray<double>());
        var x1 = Tensor.Zeros([0], DType.Float64).RequiresGrad_();
        var w1 = Tensor.Zeros([3, 0], DType.Float64).RequiresGrad_();
        Functional.Linear(x1, w1, b).Sum().Backward();
        Assert.Equal([3, 0], w1.Grad!.Dims);
    }

    [Fact]
    public void BatchNormGradientOfAPermutedInputFollowsItsStrides()
    {
        // Differential case #646 of seed 9 was a permuted (N, C, H, W) input, where PyTorch 1.13's CPU backward gets
        // even the bias gradient (a plain per-channel sum) wrong; Nabla must match its own contiguous result.
        var gen = new Generator(5);
        var xBase = Tensor.Randn([3, 2, 3, 1], DType.Float64, gen);
        var g = Tensor.Randn([1, 3, 3, 2], DType.Float64, gen);
        var (w, b) = (Tensor.Randn([3], DType.Float64, gen), Tensor.Randn([3], DType.Float64, gen));
        Tensor[] Grads(Tensor x)
        {
            var (xg, wg, bg) = (x.Detach().RequiresGrad_(), w.Detach().RequiresGrad_(), b.Detach().RequiresGrad_());
            Functional.BatchNorm(xg, null, null, wg, bg, training: true).Backward(g);
            return [xg.Grad!, wg.Grad!, bg.Grad!];
        }
        var permuted = xBase.Permute(3, 2, 0, 1);
        var (strided, dense) = (Grads(permuted), Grads(permuted.Contiguous()));
        for (int i = 0; i < 3; i++) AssertClose(dense[i].ToArray<double>(), strided[i].ToArray<double>(), 1e-12, 1e-12);
        AssertClose(g.Sum([0, 2, 3]).ToArray<double>(), strided[2].ToArray<double>(), 1e-12, 1e-12);
    }
}
