using Nabla.Nn;
using Nabla.Text;

namespace Nabla.Models.Text;

/// <summary>Validation loss of a language model on a token stream, in nats per predicted token (perplexity = e^loss).</summary>
public static class LanguageModelEvaluation
{
    /// <summary>
    /// Mean cross-entropy of <paramref name="model"/> on <paramref name="tokens"/>, in evaluation mode and without
    /// gradients, and the number of tokens scored. A recurrent model reads the text as <paramref name="batchSize"/>
    /// contiguous columns (<see cref="ContiguousStream"/>), <paramref name="window"/> steps per call with the state
    /// carried, so every token but each column's first is scored with all the context before it in its column. Other
    /// models read consecutive non-overlapping windows of min(<paramref name="window"/>, context length) tokens, each
    /// from its start, <paramref name="batchSize"/> windows per call; every token but the first is scored.
    /// </summary>
    public static (double Loss, long Tokens) CrossEntropy(ICharLanguageModel model, ReadOnlySpan<long> tokens, int batchSize = 32, int window = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (tokens.Length < 2)
            throw new ArgumentException($"LanguageModelEvaluation: {tokens.Length} tokens are too few to score (at least 2).");
        bool training = model.Module.Training;
        model.Module.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            var (sum, count) = model is IRecurrentCharLanguageModel recurrent
                ? Stream(recurrent, tokens, batchSize, window)
                : Windows(model, tokens, batchSize, Math.Min(window, model.ContextLength ?? window));
            return (sum / count, count);
        }
        finally
        {
            model.Module.Train(training);
        }
    }

    private static (double Sum, long Count) Stream(IRecurrentCharLanguageModel model, ReadOnlySpan<long> tokens, int batchSize, int window)
    {
        var stream = new ContiguousStream(tokens, Math.Min(batchSize, tokens.Length / 2), batchFirst: true);
        CharRnnState? state = null;
        double sum = 0;
        long count = 0;
        try
        {
            for (int start = 0; start < stream.Length - 1; start += window)
            {
                using var scope = TensorScope.Begin();
                var (inputs, targets) = stream.GetBatch(start, window);
                var (logits, next) = model.ForwardWithState(inputs, state);
                sum += Loss(logits, targets);
                count += targets.NumElements;
                state?.Dispose();
                state = next.KeepIn(scope);
            }
        }
        finally
        {
            state?.Dispose();
        }
        return (sum, count);
    }

    private static (double Sum, long Count) Windows(ICharLanguageModel model, ReadOnlySpan<long> tokens, int batchSize, int window)
    {
        double sum = 0;
        long count = 0;
        int predicted = tokens.Length - 1;
        int full = predicted / window;
        for (int first = 0; first < full; first += batchSize)
        {
            int rows = Math.Min(batchSize, full - first);
            (double s, long c) = Score(model, tokens, first * window, rows, window);
            sum += s;
            count += c;
        }
        if (predicted % window is int rest and > 0)
        {
            (double s, long c) = Score(model, tokens, full * window, 1, rest);
            sum += s;
            count += c;
        }
        return (sum, count);
    }

    private static (double Sum, long Count) Score(ICharLanguageModel model, ReadOnlySpan<long> tokens, int start, int rows, int length)
    {
        var inputs = new long[rows * length];
        var targets = new long[rows * length];
        for (int r = 0; r < rows; r++)
        {
            tokens.Slice(start + r * length, length).CopyTo(inputs.AsSpan(r * length));
            tokens.Slice(start + r * length + 1, length).CopyTo(targets.AsSpan(r * length));
        }
        using var scope = TensorScope.Begin();
        var logits = model.Forward(Tensor.FromArray(inputs, rows, length));
        return (Loss(logits, Tensor.FromArray(targets, rows, length)), targets.Length);
    }

    private static double Loss(Tensor logits, Tensor targets) =>
        Functional.CrossEntropy(logits.Reshape(-1, logits.Size(-1)), targets.Reshape(-1), reduction: "sum").Item();
}
