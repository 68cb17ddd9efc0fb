using System.Diagnostics;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla demo</c>: the core alone, fitting sin(x) with a small tanh network, autodiff and hand-written SGD with momentum.</summary>
internal static class DemoCommand
{
    public static int Run(TextWriter output)
    {
        Tensor.ManualSeed(0);
        const int Hidden = 32, Steps = 2000;
        const double LearningRate = 0.05, Momentum = 0.9;
        var x = Tensor.Linspace(-Math.PI, Math.PI, 256).Reshape(-1, 1);
        var y = x.Sin();
        Tensor Param(params int[] shape) => (Tensor.Randn(shape) * Math.Sqrt(1.0 / shape[0])).Detach().RequiresGrad_();
        Tensor[] parameters = [Param(1, Hidden), Tensor.Zeros(Hidden).RequiresGrad_(), Param(Hidden, Hidden), Tensor.Zeros(Hidden).RequiresGrad_(), Param(Hidden, 1), Tensor.Zeros(1).RequiresGrad_()];
        var velocity = parameters.Select(Tensor.ZerosLike).ToArray();

        Tensor Model(Tensor input)
        {
            var h = (input.MatMul(parameters[0]) + parameters[1]).Tanh();
            h = (h.MatMul(parameters[2]) + parameters[3]).Tanh();
            return h.MatMul(parameters[4]) + parameters[5];
        }

        output.WriteLine($"fitting sin(x) on [-pi, pi] with a 1-{Hidden}-{Hidden}-1 tanh network, SGD lr {LearningRate} momentum {Momentum}");
        var clock = Stopwatch.StartNew();
        double loss = double.NaN;
        for (int step = 1; step <= Steps; step++)
        {
            var l = (Model(x) - y).Pow(2).Mean();
            l.Backward();
            loss = l.Item();
            if (!double.IsFinite(loss)) throw new InvalidOperationException($"loss became {loss} at step {step}");
            using (Tensor.NoGrad())
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    velocity[i] = velocity[i] * Momentum + parameters[i].Grad!;
                    parameters[i] = (parameters[i] - velocity[i] * LearningRate).RequiresGrad_();
                }
            }
            if (step == 1 || step % 250 == 0) output.WriteLine($"step {step,5}  mse {loss:F6}");
        }
        double maxErr;
        using (Tensor.NoGrad()) maxErr = (Model(x) - y).Abs().Max().Item();
        output.WriteLine($"done in {clock.Elapsed.TotalSeconds:F2} s: final mse {loss:F6}, max |error| {maxErr:F4}");
        return 0;
    }
}
