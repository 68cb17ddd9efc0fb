using System.Diagnostics;
using Nabla.Optim;

namespace Nabla.Models.Seq2Seq;

/// <summary>How <see cref="Seq2SeqTraining.Train"/> trains.</summary>
/// <param name="Steps">Number of optimisation steps, each on a freshly drawn batch.</param>
/// <param name="BatchSize">Examples per batch.</param>
/// <param name="LearningRate">Adam's starting learning rate.</param>
/// <param name="ClipNorm">Gradients are clipped to this global norm (0: no clipping).</param>
/// <param name="TeacherForcing">Ratio of true previous tokens fed to the decoder per step (null: always 1).</param>
/// <param name="Seed">Seed of the batches and of the scheduled-sampling coin flips.</param>
/// <param name="LogEvery">Report progress every this many steps (and at the last).</param>
/// <param name="CosineDecay">Whether the learning rate follows a cosine from its start to 0 over the steps (else constant).</param>
public sealed record Seq2SeqTrainingOptions(
    int Steps = 1000,
    int BatchSize = 64,
    double LearningRate = 3e-3,
    double ClipNorm = 1.0,
    TeacherForcingSchedule? TeacherForcing = null,
    long Seed = 0,
    int LogEvery = 100,
    bool CosineDecay = true);

/// <summary>Training progress over the steps since the previous report.</summary>
/// <param name="Step">Steps done so far.</param>
/// <param name="Loss">Mean masked cross-entropy per target token.</param>
/// <param name="TokenAccuracy">Fraction of non-PAD target tokens the (teacher-forced or sampled) decoder scored highest.</param>
/// <param name="TeacherForcing">The teacher-forcing ratio at the last step.</param>
/// <param name="LearningRate">The learning rate the last step used.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record Seq2SeqProgress(int Step, double Loss, double TokenAccuracy, double TeacherForcing, double LearningRate, TimeSpan Elapsed);

/// <summary>Exact-match and token accuracies of greedy decoding and, when asked for, beam search.</summary>
/// <param name="Count">Number of examples.</param>
/// <param name="GreedyExact">Fraction of outputs equal to the target (ending with EOS right after it).</param>
/// <param name="GreedyToken">Fraction of target positions (EOS included) where the output has the target's token.</param>
/// <param name="BeamExact">As <paramref name="GreedyExact"/> for beam search, or null when not run.</param>
/// <param name="BeamToken">As <paramref name="GreedyToken"/> for beam search, or null.</param>
/// <param name="BeamNotWorse">Fraction of examples where beam's sequence log-probability is at least greedy's (up to 1e-4), or null.</param>
/// <param name="ByLength">Exact match per band of source lengths, shortest first.</param>
public sealed record Seq2SeqScores(int Count, double GreedyExact, double GreedyToken, double? BeamExact, double? BeamToken, double? BeamNotWorse,
    IReadOnlyList<LengthBandScore> ByLength);

/// <summary>Exact match on the examples whose source length is in [<paramref name="MinLength"/>, <paramref name="MaxLength"/>].</summary>
/// <param name="MinLength">Shortest source length of the band.</param>
/// <param name="MaxLength">Longest source length of the band.</param>
/// <param name="Count">Examples in the band.</param>
/// <param name="GreedyExact">Greedy exact match in the band.</param>
/// <param name="BeamExact">Beam exact match in the band, or null when beam search was not run.</param>
public sealed record LengthBandScore(int MinLength, int MaxLength, int Count, double GreedyExact, double? BeamExact);

/// <summary>Trains a <see cref="Seq2SeqModel"/> on a <see cref="DigitTask"/> with Adam and evaluates it.</summary>
public static class Seq2SeqTraining
{
    /// <summary>
    /// Runs <see cref="Seq2SeqTrainingOptions.Steps"/> Adam steps on batches drawn from <paramref name="task"/>
    /// (never a source in <paramref name="exclude"/>), minimising the masked loss, and reports to
    /// <paramref name="progress"/>. Returns the last report.
    /// </summary>
    public static Seq2SeqProgress Train(Seq2SeqModel model, DigitTask task, Seq2SeqTrainingOptions options,
        IReadOnlySet<string>? exclude = null, Action<Seq2SeqProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LogEvery, 1);
        var schedule = options.TeacherForcing ?? TeacherForcingSchedule.Constant(1);
        var data = new Generator(options.Seed);
        var sampling = new Generator(options.Seed + 1);
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var decay = options.CosineDecay ? new CosineAnnealingLR(optimizer, options.Steps) : null;
        var clock = Stopwatch.StartNew();
        double lossSum = 0, correct = 0, total = 0;
        int since = 0;
        Seq2SeqProgress? last = null;
        model.Train();
        for (int step = 1; step <= options.Steps; step++)
        {
            double ratio = schedule.Ratio(step - 1), rate = optimizer.ParamGroups[0].LearningRate;
            using (TensorScope.Begin())
            {
                var batch = Seq2SeqBatch.From(task.Sample(options.BatchSize, data, exclude));
                optimizer.ZeroGrad();
                var output = model.Forward(batch, ratio, sampling);
                var loss = Seq2SeqModel.MaskedLoss(output.Logits, batch.TargetOutput);
                loss.Backward();
                if (options.ClipNorm > 0) ClipGrad.ClipGradNorm_(model.Parameters(), options.ClipNorm);
                optimizer.Step();
                decay?.Step();
                double value = loss.Item();
                if (!double.IsFinite(value)) throw new InvalidOperationException($"Seq2Seq training: loss became {value} at step {step}.");
                lossSum += value;
                var kept = batch.TargetOutput.Ne(DigitVocabulary.Pad);
                correct += output.Logits.Argmax(2).Eq(batch.TargetOutput).LogicalAnd(kept).Sum().Item();
                total += kept.Sum().Item();
            }
            since++;
            if (step % options.LogEvery == 0 || step == options.Steps)
            {
                last = new Seq2SeqProgress(step, lossSum / since, total == 0 ? 0 : correct / total, ratio, rate, clock.Elapsed);
                progress?.Invoke(last);
                (lossSum, correct, total, since) = (0, 0, 0, 0);
            }
        }
        model.Eval();
        return last!;
    }

    /// <summary>
    /// Decodes <paramref name="examples"/> greedily (in batches of <paramref name="batchSize"/>) and, with
    /// <paramref name="beamWidth"/> &gt; 0, by beam search of that width with length penalty
    /// <paramref name="alpha"/>, and scores the outputs against the targets, overall and in bands of
    /// <paramref name="bandWidth"/> source lengths starting at the shortest source.
    /// </summary>
    public static Seq2SeqScores Evaluate(Seq2SeqModel model, IReadOnlyList<Seq2SeqExample> examples, int beamWidth = 0,
        double alpha = 1.0, int batchSize = 256, int bandWidth = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (examples.Count == 0) throw new ArgumentException("Evaluate: no examples.");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(beamWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(bandWidth, 1);
        model.Eval();
        var greedy = new List<DecodedSequence>(examples.Count);
        for (int start = 0; start < examples.Count; start += batchSize)
        {
            var chunk = examples.Skip(start).Take(batchSize).ToList();
            greedy.AddRange(Seq2SeqDecoding.Greedy(model, Seq2SeqBatch.From(chunk).Source, alpha: alpha));
        }
        var (greedyExact, greedyToken) = Score(examples, greedy);
        if (beamWidth == 0)
            return new Seq2SeqScores(examples.Count, greedyExact, greedyToken, null, null, null, Bands(examples, greedy, null, bandWidth));
        var beam = examples.Select(e => Seq2SeqDecoding.Beam(model, e.Source, beamWidth, alpha)[0]).ToList();
        var (beamExact, beamToken) = Score(examples, beam);
        double notWorse = beam.Zip(greedy).Count(p => p.First.LogProb >= p.Second.LogProb - 1e-4) / (double)examples.Count;
        return new Seq2SeqScores(examples.Count, greedyExact, greedyToken, beamExact, beamToken, notWorse, Bands(examples, greedy, beam, bandWidth));
    }

    private static List<LengthBandScore> Bands(IReadOnlyList<Seq2SeqExample> examples, List<DecodedSequence> greedy, List<DecodedSequence>? beam, int width)
    {
        int shortest = examples.Min(e => e.Source.Length), longest = examples.Max(e => e.Source.Length);
        var bands = new List<LengthBandScore>();
        for (int lo = shortest; lo <= longest; lo += width)
        {
            int hi = Math.Min(longest, lo + width - 1);
            var members = Enumerable.Range(0, examples.Count).Where(i => examples[i].Source.Length >= lo && examples[i].Source.Length <= hi).ToList();
            if (members.Count == 0) continue;
            var subset = members.Select(i => examples[i]).ToList();
            double? beamExact = beam is null ? null : Score(subset, members.Select(i => beam[i]).ToList()).Exact;
            bands.Add(new LengthBandScore(lo, hi, members.Count, Score(subset, members.Select(i => greedy[i]).ToList()).Exact, beamExact));
        }
        return bands;
    }

    /// <summary>Exact-match and token accuracy of <paramref name="outputs"/> against the examples' targets.</summary>
    public static (double Exact, double Token) Score(IReadOnlyList<Seq2SeqExample> examples, IReadOnlyList<DecodedSequence> outputs)
    {
        if (examples.Count != outputs.Count) throw new ArgumentException($"Score: {examples.Count} examples but {outputs.Count} outputs.");
        int exact = 0;
        long right = 0, positions = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            var target = examples[i].Target;
            var output = outputs[i];
            if (output.Ended && output.Tokens.AsSpan().SequenceEqual(target)) exact++;
            for (int j = 0; j <= target.Length; j++)
            {
                int want = j < target.Length ? target[j] : DigitVocabulary.Eos;
                int got = j < output.Tokens.Length ? output.Tokens[j] : j == output.Tokens.Length && output.Ended ? DigitVocabulary.Eos : -1;
                if (got == want) right++;
            }
            positions += target.Length + 1;
        }
        return ((double)exact / examples.Count, (double)right / positions);
    }
}
