using System.Numerics.Tensors;
using Nabla.Autograd;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Models.Text;

/// <summary>
/// One word2vec optimizer step on a batch from <see cref="Word2VecBatcher"/>: the loss of
/// <see cref="Word2VecLoss"/> over two <see cref="Embedding"/> tables (input v and output u, both (V, D)),
/// differentiated by autograd and applied by SGD. The dense path differentiates the full tables and calls
/// <see cref="Optimizer.Step"/>; the sparse path gathers the rows the batch touches into small leaves, differentiates
/// those and applies the same SGD rule, p ← p − lr·g, to those rows only.
/// </summary>
internal sealed class Word2VecStep
{
    private readonly Word2VecBatcher _batcher;
    private readonly Embedding _input;
    private readonly Embedding _output;
    private readonly SGD _optimizer;
    private readonly bool _cbow;
    private readonly bool _sparse;
    private readonly int _negatives;
    private readonly int _slots;
    private readonly long[] _centres;
    private readonly long[] _contexts;
    private readonly float[] _weights;
    private readonly long[] _negativeIds;
    private readonly RowRemap _inputRows;
    private readonly RowRemap _outputRows;

    public Word2VecStep(Word2VecBatcher batcher, Embedding input, Embedding output, SGD optimizer, Word2VecMode mode, int batchSize, bool sparse)
    {
        _batcher = batcher;
        _input = input;
        _output = output;
        _optimizer = optimizer;
        _cbow = mode == Word2VecMode.Cbow;
        _sparse = sparse;
        _negatives = batcher.Negatives;
        _slots = _cbow ? batcher.ContextSlots : 1;
        _centres = new long[batchSize];
        _contexts = new long[batchSize * _slots];
        _weights = new float[_cbow ? batchSize * _slots : 0];
        _negativeIds = new long[batchSize * _negatives];
        int v = input.NumEmbeddings;
        _inputRows = new RowRemap(v, _cbow ? _contexts.Length : batchSize);
        _outputRows = new RowRemap(v, (_cbow ? batchSize : _contexts.Length) + _negativeIds.Length);
    }

    /// <summary>Fills the next batch; returns its size, 0 at the end of the epoch.</summary>
    public int NextBatch() => _cbow
        ? _batcher.NextCbow(_contexts, _weights, _centres, _negativeIds)
        : _batcher.NextSkipGram(_centres, _contexts, _negativeIds);

    /// <summary>Trains on the batch of <paramref name="count"/> examples just filled; returns the summed loss.</summary>
    public double Step(int count, double learningRate)
    {
        using var scope = TensorScope.Begin();
        _optimizer.ParamGroups[0].LearningRate = learningRate;
        if (!_sparse)
        {
            _optimizer.ZeroGrad();
            var loss = Loss(_input.Weight, _output.Weight, count);
            loss.Backward();
            _optimizer.Step();
            return loss.Item();
        }

        // Remap to local row numbers: the input table is indexed by centres (skip-gram) or contexts (CBOW), the output
        // table by the predicted words and the negatives.
        _inputRows.Remap(_cbow ? _contexts.AsSpan(0, count * _slots) : _centres.AsSpan(0, count));
        _outputRows.Remap(_cbow ? _centres.AsSpan(0, count) : _contexts.AsSpan(0, count));
        _outputRows.Remap(_negativeIds.AsSpan(0, count * _negatives));
        var inputSub = Gather(_input.Weight, _inputRows);
        var outputSub = Gather(_output.Weight, _outputRows);
        var sparseLoss = Loss(inputSub, outputSub, count);
        sparseLoss.Backward();
        Apply(_input.Weight, _inputRows, inputSub, learningRate);
        Apply(_output.Weight, _outputRows, outputSub, learningRate);
        _inputRows.Clear();
        _outputRows.Clear();
        return sparseLoss.Item();
    }

    private Tensor Loss(Tensor inputWeight, Tensor outputWeight, int count)
    {
        var centres = Tensor.FromSpan<long>(_centres.AsSpan(0, count), [count]);
        var negatives = Tensor.FromSpan<long>(_negativeIds.AsSpan(0, count * _negatives), [count, _negatives]);
        if (!_cbow)
            return Word2VecLoss.SkipGram(inputWeight, outputWeight, centres, Tensor.FromSpan<long>(_contexts.AsSpan(0, count), [count]), negatives);
        var contexts = Tensor.FromSpan<long>(_contexts.AsSpan(0, count * _slots), [count, _slots]);
        var weights = Tensor.FromSpan<float>(_weights.AsSpan(0, count * _slots), [count, _slots]);
        return Word2VecLoss.Cbow(inputWeight, outputWeight, contexts, weights, centres, negatives);
    }

    private static Tensor Gather(Tensor weight, RowRemap rows)
    {
        var index = Tensor.FromSpan<long>(rows.Rows, [rows.Rows.Length]);
        using (GradMode.NoGrad()) return weight.IndexSelect(0, index).RequiresGrad_();
    }

    private static void Apply(Tensor weight, RowRemap rows, Tensor sub, double learningRate)
    {
        using var grad = sub.Grad ?? throw new InvalidOperationException("Word2Vec: the gathered rows received no gradient.");
        sub.Grad = null;
        var g = grad.Contiguous().Data<float>();
        var w = weight.Data<float>();
        int d = weight.Size(1);
        float step = (float)-learningRate;
        var ids = rows.Rows;
        for (int i = 0; i < ids.Length; i++)
        {
            var row = w.Slice((int)ids[i] * d, d);
            TensorPrimitives.MultiplyAdd(g.Slice(i * d, d), step, row, row);
        }
    }

    /// <summary>Maps row numbers of a (V, D) table to 0..U−1 in order of first appearance, in place, without allocating.</summary>
    private sealed class RowRemap
    {
        private readonly int[] _slot;
        private readonly long[] _rows;
        private int _count;

        public RowRemap(int rows, int capacity)
        {
            _slot = new int[rows];
            Array.Fill(_slot, -1);
            _rows = new long[capacity];
        }

        public ReadOnlySpan<long> Rows => _rows.AsSpan(0, _count);

        public void Remap(Span<long> indices)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int row = (int)indices[i];
                int slot = _slot[row];
                if (slot < 0)
                {
                    slot = _count++;
                    _slot[row] = slot;
                    _rows[slot] = row;
                }
                indices[i] = slot;
            }
        }

        public void Clear()
        {
            foreach (long row in Rows) _slot[row] = -1;
            _count = 0;
        }
    }
}
