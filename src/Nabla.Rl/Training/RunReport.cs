using System.Text;
using System.Text.Json;
using Nabla.Rl.Plotting;

namespace Nabla.Rl.Training;

/// <summary>Writes an <see cref="RlRunResult"/> as JSON and its learning curve as a PNG chart.</summary>
public static class RunReport
{
    /// <summary>
    /// The run as a JSON object: <c>env</c>, <c>agent</c>, <c>seed</c>, <c>steps</c>, <c>train_seconds</c>,
    /// <c>hyperparameters</c>, <c>curve</c> (one <c>{"step", "return", "length"}</c> per training episode),
    /// <c>evaluations</c> (<c>{"step", "mean_return"}</c>), <c>restored_checkpoint</c> (or null),
    /// <c>eval_episodes</c>, <c>eval_mean_return</c>, <c>eval_std_return</c>, <c>eval_min_return</c>, <c>eval_max_return</c>.
    /// </summary>
    public static string ToJson(RlRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("env", result.EnvId);
            w.WriteString("agent", result.Agent);
            w.WriteNumber("seed", result.Seed);
            w.WriteNumber("steps", result.Steps);
            w.WriteNumber("train_seconds", Math.Round(result.TrainSeconds, 3));
            w.WriteStartObject("hyperparameters");
            foreach (var (k, v) in result.Hyperparameters) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteNumber("eval_episodes", result.Evaluation.Returns.Count);
            w.WriteNumber("eval_mean_return", result.Evaluation.Mean);
            w.WriteNumber("eval_std_return", result.Evaluation.Std);
            w.WriteNumber("eval_min_return", result.Evaluation.Min);
            w.WriteNumber("eval_max_return", result.Evaluation.Max);
            if (result.RestoredCheckpoint is { } c)
            {
                w.WriteStartObject("restored_checkpoint");
                w.WriteNumber("step", c.Step);
                w.WriteNumber("mean_return", c.MeanReturn);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("restored_checkpoint");
            }
            w.WriteStartArray("evaluations");
            foreach (var e in result.Curve.Evaluations)
            {
                w.WriteStartObject();
                w.WriteNumber("step", e.Step);
                w.WriteNumber("mean_return", e.MeanReturn);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("curve");
            foreach (var e in result.Curve.Episodes)
            {
                w.WriteStartObject();
                w.WriteNumber("step", e.Step);
                w.WriteNumber("return", e.Return);
                w.WriteNumber("length", e.Length);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public static void WriteJson(RlRunResult result, string path) => File.WriteAllText(path, ToJson(result) + "\n");

    /// <summary>
    /// The learning curve as a chart against environment steps (expert labels for imitation): each training episode's
    /// return, its moving average over <paramref name="window"/> episodes, and the evaluations made during training.
    /// </summary>
    public static LineChart CurveChart(RlRunResult result, int window = 20)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(window), $"RunReport.CurveChart: window must be positive, got {window}.");
        var episodes = result.Curve.Episodes;
        var evaluations = result.Curve.Evaluations;
        if (episodes.Count == 0 && evaluations.Count == 0)
            throw new ArgumentException("RunReport.CurveChart: the run finished no episodes and made no evaluations.");
        string xLabel = result.Agent is "bc" or "dagger" ? "expert labels" : "environment steps";
        var chart = new LineChart($"{result.Agent} on {result.EnvId}, seed {result.Seed}", xLabel, "return");
        if (episodes.Count > 0)
        {
            var x = episodes.Select(e => (double)e.Step).ToArray();
            var y = episodes.Select(e => e.Return).ToArray();
            var average = new double[y.Length];
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += y[i] - (i >= window ? y[i - window] : 0);
                average[i] = sum / Math.Min(i + 1, window);
            }
            chart.Add("episode return", y, x).Add($"mean of last {window}", average, x);
        }
        if (evaluations.Count > 0)
            chart.Add("greedy evaluation", evaluations.Select(e => e.MeanReturn).ToArray(), evaluations.Select(e => (double)e.Step).ToArray());
        return chart;
    }

    /// <summary>Writes <see cref="CurveChart"/> as a PNG to <paramref name="path"/>.</summary>
    public static void SaveCurvePng(RlRunResult result, string path, int window = 20) => CurveChart(result, window).Save(path);
}
