using Nabla.Models.Text;
using Nabla.Tests.Golden;
using Xunit;
using F = Nabla.Nn.Functional;

namespace Nabla.Tests.Models;

/// <summary>
/// The <see cref="Gpt"/> module against PyTorch (Golden/gpt.json from generate_gpt.py): the same weights, loaded by
/// nanoGPT's state-dict names, give the same logits and the same gradient for every parameter, both for the logits
/// under a random upstream gradient and for the cross-entropy loss.
/// </summary>
public class GptGoldenTests
{
    private static readonly GptConfig Config = new() { VocabSize = 11, BlockSize = 8, NLayer = 2, NHead = 2, NEmbd = 8 };

    private static void AssertClose(Tensor expected, Tensor actual, GoldenCase c, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToArray<double>(), actual.ToArray<double>());
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= c.Atol + c.Rtol * Math.Abs(e[i]), $"{c.Name}: {what} element {i}: torch {e[i]:G9}, nabla {a[i]:G9}");
    }

    [Theory]
    [InlineData("gpt_logits", 1)]
    [InlineData("gpt_loss", 2)]
    public void ModuleMatchesPyTorch(string name, int firstParameter)
    {
        var c = GoldenCase.All.Single(k => k.Name == name);
        var model = new Gpt(Config);
        var names = model.StateDict().Keys.ToList();
        Assert.Equal(c.Inputs.Length - firstParameter, names.Count);
        model.LoadStateDict(names.Select((n, i) => (n, c.Inputs[firstParameter + i])).ToDictionary(p => p.n, p => p.Item2));
        var tokens = c.Inputs[0];
        var logits = model.Forward(tokens);
        var y = firstParameter == 1 ? logits : F.CrossEntropy(logits.Reshape(-1, Config.VocabSize), c.Inputs[1].Reshape(-1));
        AssertClose(c.Output, y, c, "output");
        y.Backward(c.GradOutput);
        var state = model.StateDict();
        for (int i = 0; i < names.Count; i++)
            AssertClose(c.Grads[firstParameter + i]!, state[names[i]].Grad!, c, $"gradient of {names[i]}");
    }
}
