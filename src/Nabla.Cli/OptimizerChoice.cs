using Nabla.Optim;

namespace Nabla.Cli;

/// <summary>Optimizers by name, with the learning rates the curriculum's experiments use when none is given.</summary>
internal static class OptimizerChoice
{
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw"];

    public static Optimizer Create(string name, IEnumerable<Tensor> parameters, double? lr) => name switch
    {
        "sgd" => new SGD(parameters, lr ?? 0.1),
        "momentum" => new SGD(parameters, lr ?? 0.01, momentum: 0.9),
        "nesterov" => new SGD(parameters, lr ?? 0.01, momentum: 0.9, nesterov: true),
        "adagrad" => new Adagrad(parameters, lr ?? 0.01),
        "adadelta" => new Adadelta(parameters, lr ?? 1.0),
        "rmsprop" => new RMSprop(parameters, lr ?? 1e-3),
        "adam" => new Adam(parameters, lr ?? 1e-3),
        "adamw" => new AdamW(parameters, lr ?? 1e-3),
        _ => throw new CliException($"unknown optimizer '{name}'; known: {string.Join(", ", Names)}"),
    };
}
