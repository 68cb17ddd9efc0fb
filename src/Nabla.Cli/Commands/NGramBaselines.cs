using Nabla.Text;

namespace Nabla.Cli.Commands;

/// <summary>Validation cross-entropy of add-k character n-gram models, the baselines a neural language model must beat.</summary>
internal static class NGramBaselines
{
    /// <summary>One row of the comparison table: a model's name and its validation loss in nats per character.</summary>
    public readonly record struct Row(string Model, double Loss);

    public static List<Row> Compute(long[] train, long[] validation, int vocabularySize, IEnumerable<int> orders, double k)
    {
        var rows = new List<Row>();
        foreach (int order in orders)
        {
            var model = NGramModel.Train(train, order, vocabularySize, k);
            rows.Add(new Row($"char {order}-gram, add-{TextCommand.Invariant(k, "G4")}", model.CrossEntropy(validation)));
        }
        return rows;
    }

    /// <summary>The rows of <paramref name="baselines"/> then <paramref name="models"/> as an aligned text table.</summary>
    public static string Table(IEnumerable<Row> baselines, IEnumerable<Row> models)
    {
        var all = baselines.Concat(models).ToList();
        int width = Math.Max("model".Length, all.Max(r => r.Model.Length));
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{"model".PadRight(width)}  val loss (nats/char)  perplexity");
        foreach (var r in all)
            sb.AppendLine($"{r.Model.PadRight(width)}  {TextCommand.Invariant(r.Loss, "F4"),20}  {TextCommand.Invariant(Math.Exp(r.Loss), "F2"),10}");
        return sb.ToString();
    }
}
