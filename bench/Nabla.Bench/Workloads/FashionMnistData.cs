using Nabla.Autograd;
using Nabla.Data;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Bench.Workloads;

/// <summary>
/// Fashion-MNIST from the Debian package, loaded once into float32 (N, 1, 28, 28) tensors, and the training loop
/// of bench/reference/common.py (<c>train_steps</c>) written the same way.
/// </summary>
public static class FashionMnistData
{
    private static FashionMnist? _train, _test;

    /// <summary>The 60,000 training images (N, 1, 28, 28) in [0, 1] and int64 labels (N), built before any timing.</summary>
    public static (Tensor X, Tensor Y) Train
    {
        get
        {
            _train ??= new FashionMnist(train: true);
            return (_train.Inputs, _train.Targets);
        }
    }

    /// <summary>The 10,000 test images and labels.</summary>
    public static (Tensor X, Tensor Y) Test
    {
        get
        {
            _test ??= new FashionMnist(train: false);
            return (_test.Inputs, _test.Targets);
        }
    }

    /// <summary>
    /// A shuffled mini-batch stream: a fresh permutation per pass over the data, as <c>train_steps</c> draws with
    /// <c>torch.randperm</c>; the permutation tensor is reused between passes.
    /// </summary>
    public sealed class Sampler
    {
        private readonly Tensor _perm;
        private readonly int _count, _batch;
        private readonly Generator _generator;
        private int _pos;

        /// <summary>Batches of <paramref name="batch"/> indices into <paramref name="count"/> samples.</summary>
        public Sampler(int count, int batch, Generator generator)
        {
            using (TensorScope.Suspend()) _perm = Tensor.Zeros([count], DType.Int64);
            (_count, _batch, _generator, _pos) = (count, batch, generator, count);
        }

        /// <summary>The next batch's indices, an int64 (batch) view of the current permutation.</summary>
        public Tensor Next()
        {
            if (_pos + _batch > _count)
            {
                var p = _perm.Data<long>();
                for (int i = 0; i < _count; i++) p[i] = i;
                for (int i = _count - 1; i > 0; i--)
                {
                    int j = (int)_generator.NextInt64(0, i + 1);
                    (p[i], p[j]) = (p[j], p[i]);
                }
                _pos = 0;
            }
            var index = _perm.Narrow(0, _pos, _batch);
            _pos += _batch;
            return index;
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> Adam steps of <paramref name="model"/> on shuffled batches, each step in a
    /// <see cref="TensorScope"/>: gather, zero_grad, forward, cross-entropy, backward, step. Returns the last loss.
    /// </summary>
    public static double TrainSteps(Module model, Optimizer optimizer, Tensor x, Tensor y, Sampler sampler, int steps)
    {
        model.Train();
        double loss = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            var index = sampler.Next();
            var xb = x.IndexSelect(0, index);
            var yb = y.IndexSelect(0, index);
            optimizer.ZeroGrad();
            var l = Functional.CrossEntropy(model.Forward(xb), yb);
            l.Backward();
            optimizer.Step();
            if (step == steps - 1) loss = l.Item();
        }
        return loss;
    }

    /// <summary>Fraction of correct argmax predictions in batches of 1000, in evaluation mode without gradients.</summary>
    public static double Accuracy(Module model, Tensor x, Tensor y, int batch = 1000)
    {
        model.Eval();
        long correct = 0;
        using var _ = GradMode.NoGrad();
        int n = x.Dims[0];
        for (int i = 0; i < n; i += batch)
        {
            using var scope = TensorScope.Begin();
            int len = Math.Min(batch, n - i);
            var predicted = model.Forward(x.Narrow(0, i, len)).Argmax(1);
            correct += predicted.Eq(y.Narrow(0, i, len)).Sum().Item<long>();
        }
        return (double)correct / n;
    }
}
