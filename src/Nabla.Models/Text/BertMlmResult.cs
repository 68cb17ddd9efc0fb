namespace Nabla.Models.Text;

/// <summary>The masked-token loss (nats) and accuracy of a <see cref="BertMlm"/> on held-out text, and how many masked tokens they average.</summary>
/// <param name="Loss">Mean cross-entropy over the chosen positions, in nats.</param>
/// <param name="Accuracy">Fraction of chosen positions whose most likely token is the original one.</param>
/// <param name="MaskedTokens">Number of chosen positions scored.</param>
public sealed record BertMlmEvaluation(double Loss, double Accuracy, long MaskedTokens);

/// <summary>The outcome of <see cref="BertMlm.Train"/>.</summary>
/// <param name="Model">The trained model (its vocabulary is <see cref="BertMlm.Vocabulary"/>).</param>
/// <param name="Validation">Masked-token loss and accuracy on the held-out text.</param>
/// <param name="UnigramEntropy">
/// Entropy in nats of the training text's character distribution: the loss of a model that ignores context, the
/// baseline the validation loss has to beat.
/// </param>
/// <param name="TrainLosses">The training loss of every step.</param>
/// <param name="Elapsed">Wall-clock time of the training steps (validation excluded).</param>
public sealed record BertMlmResult(BertMlm Model, BertMlmEvaluation Validation, double UnigramEntropy, double[] TrainLosses, TimeSpan Elapsed);
