using Xunit;

namespace Nabla.Tests.Kernels;

/// <summary>
/// Fast elementwise, broadcast, reduction and softmax kernels against naive scalar references, at sizes that
/// exercise vector bodies and remainders. CI runs this category a second time with AVX2 disabled.
/// </summary>
[Trait("Category", "Kernels")]
public class ElementwiseKernelTests
{
    private static readonly int[] Sizes = [1, 7, 8, 9, 33, 1000, 40_000];

    private static double[] Data(int n, int seed, double lo = -3, double hi = 3) =>
        Tensor.Rand([n], DType.Float64, new Generator(seed)).ToArray<double>().Select(v => lo + (hi - lo) * v).ToArray();

    public static TheoryData<string> UnaryNames() => new(Unary.Keys);

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Fast, Func<double, double> Naive, double Lo)> Unary = new()
    {
        ["Exp"] = (t => t.Exp(), Math.Exp, -3),
        ["Log"] = (t => t.Log(), Math.Log, 0.01),
        ["Sqrt"] = (t => t.Sqrt(), Math.Sqrt, 0),
        ["Tanh"] = (t => t.Tanh(), Math.Tanh, -3),
        ["Sigmoid"] = (t => t.Sigmoid(), v => 1 / (1 + Math.Exp(-v)), -3),
        ["Sin"] = (t => t.Sin(), Math.Sin, -3),
        ["Abs"] = (t => t.Abs(), Math.Abs, -3),
        ["Relu"] = (t => t.Relu(), v => Math.Max(v, 0), -3),
        ["LeakyRelu"] = (t => t.LeakyRelu(0.1), v => v > 0 ? v : 0.1 * v, -3),
        ["GeluTanh"] = (t => t.Gelu("tanh"), v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), -3),
        ["Neg"] = (t => -t, v => -v, -3),
    };

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryMatchesScalarReference(string name)
    {
        var (fast, naive, lo) = Unary[name];
        foreach (int n in Sizes)
        {
            var x = Data(n, n, lo, 3);
            var expected = x.Select(naive).ToArray();
            TestUtil.AssertClose(expected, fast(Tensor.FromArray(x)).ToArray<double>(), 1e-13, 1e-14);
            var xf = x.Select(v => (double)(float)v).ToArray();
            var expectedF = xf.Select(naive).ToArray();
            TestUtil.AssertClose(expectedF, fast(Tensor.FromArray(xf).To(DType.Float32)).ToArray<double>(), 2e-6, 1e-6);
        }
    }

    [Fact]
    public void BroadcastBinaryMatchesNaiveLoops()
    {
        foreach (int n in Sizes.Where(s => s <= 1000))
        {
            var a = Data(3 * n, 1).ToArray();
            var b = Data(n, 2).ToArray();
            var ta = Tensor.FromArray(a, 3, n);
            var tb = Tensor.FromArray(b, n);
            var c = Data(3, 5);
            var rows = Tensor.FromArray(c, 3, 1);
            TestUtil.AssertClose(Enumerable.Range(0, 3 * n).Select(i => a[i] + b[i % n]).ToArray(), (ta + tb).ToArray<double>(), 0, 0);
            TestUtil.AssertClose(Enumerable.Range(0, 3 * n).Select(i => a[i] * c[i / n]).ToArray(), (ta * rows).ToArray<double>(), 0, 0);
            TestUtil.AssertClose(Enumerable.Range(0, 3 * n).Select(i => c[i / n] - a[i]).ToArray(), (rows - ta).ToArray<double>(), 0, 0);
            var transposed = ta.T;
            var expectedT = Enumerable.Range(0, 3 * n).Select(i => a[(i % 3) * n + i / 3] / 2.0).ToArray();
            TestUtil.AssertClose(expectedT, (transposed / 2.0).ToArray<double>(), 0, 0);
        }
    }

    [Fact]
    public void ReductionsMatchNaiveSums()
    {
        foreach (int n in Sizes)
        {
            var x = Data(2 * n, 3);
            var t = Tensor.FromArray(x, 2, n);
            var rowSums = Enumerable.Range(0, 2).Select(r => x.Skip(r * n).Take(n).Sum()).ToArray();
            TestUtil.AssertClose(rowSums, t.Sum(1).ToArray<double>(), 1e-12, 1e-10);
            var colSums = Enumerable.Range(0, n).Select(c => x[c] + x[n + c]).ToArray();
            TestUtil.AssertClose(colSums, t.Sum(0).ToArray<double>(), 1e-15, 1e-15);
            TestUtil.AssertClose([x.Max()], [t.Max().Item()], 0, 0);
            TestUtil.AssertClose(rowSums.Select(s => (double)(float)s).ToArray(), t.To(DType.Float32).Sum(1).ToArray<double>(), 1e-5, 1e-3);
        }
    }

    [Fact]
    public void SoftmaxMatchesNaiveFormula()
    {
        foreach (int n in Sizes.Where(s => s <= 1000))
        {
            var x = Data(3 * n, 4, -20, 20);
            var expected = new double[3 * n];
            for (int r = 0; r < 3; r++)
            {
                var row = x.Skip(r * n).Take(n).ToArray();
                double m = row.Max(), z = row.Sum(v => Math.Exp(v - m));
                for (int i = 0; i < n; i++) expected[r * n + i] = Math.Exp(row[i] - m) / z;
            }
            TestUtil.AssertClose(expected, Tensor.FromArray(x, 3, n).Softmax(1).ToArray<double>(), 1e-12, 1e-15);
            TestUtil.AssertClose(expected, Tensor.FromArray(x, 3, n).To(DType.Float32).Softmax(-1).ToArray<double>(), 1e-5, 1e-7);
        }
    }
}
