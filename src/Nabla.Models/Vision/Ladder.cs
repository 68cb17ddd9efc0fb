using Nabla.Nn;

namespace Nabla.Models.Vision;

/// <summary>
/// The curriculum's ladder of image classifiers (seed000 §5.5), named by its code: c = conv, p = pool, f = fully
/// connected, d = dropout. Each builder takes the input geometry, so the same architectures run on 28×28
/// Fashion-MNIST/MNIST and on the 8×8 digits set.
/// </summary>
public static class Ladder
{
    /// <summary>The model names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lr", "mlp", "cnn_cf", "cnn_cpcpff", "cnn_cpcpfd", "lenet5"];

    /// <summary>Builds model <paramref name="name"/> for (channels, height, width) inputs and <paramref name="classes"/> outputs.</summary>
    public static Sequential Create(string name, int channels = 1, int height = 28, int width = 28, int classes = 10) => name switch
    {
        "lr" => LogisticRegression(channels * height * width, classes),
        "mlp" => Mlp(channels * height * width, classes),
        "cnn_cf" => CnnCf(channels, height, width, classes),
        "cnn_cpcpff" => CnnCpcpff(channels, height, width, classes, dropout: false),
        "cnn_cpcpfd" => CnnCpcpff(channels, height, width, classes, dropout: true),
        "lenet5" => LeNet5(channels, height, width, classes),
        _ => throw new ArgumentException($"Unknown model '{name}'; known models: {string.Join(", ", Names)}."),
    };

    /// <summary>Softmax regression: Flatten → Linear(features, classes) (7,850 parameters on 28×28).</summary>
    public static Sequential LogisticRegression(int features, int classes) =>
        new(new Flatten(), new Linear(features, classes));

    /// <summary>The benchmark MLP: Flatten → Linear(features, 128) → ReLU → Dropout(0.2) → Linear(128, classes).</summary>
    public static Sequential Mlp(int features, int classes) =>
        new(new Flatten(), new Linear(features, 128), new ReLU(), new Dropout(0.2), new Linear(128, classes));

    /// <summary>One 5×5 "same" convolution with 64 maps, ReLU, then a linear classifier (503,434 parameters on 28×28).</summary>
    public static Sequential CnnCf(int channels, int height, int width, int classes) =>
        new(new Conv2d(channels, 64, 5, padding: "same"), new ReLU(), new Flatten(), new Linear(64 * height * width, classes));

    /// <summary>
    /// conv(5×5, 32) → pool → conv(5×5, 64) → pool → fc 1024 → [dropout 0.5] → fc, as TensorFlow's deep MNIST
    /// tutorial (3,274,634 parameters on 28×28); <paramref name="dropout"/> gives cnn_cpcpfd.
    /// </summary>
    public static Sequential CnnCpcpff(int channels, int height, int width, int classes, bool dropout)
    {
        int h = height / 2 / 2, w = width / 2 / 2;
        var model = new Sequential(
            new Conv2d(channels, 32, 5, padding: "same"), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, 5, padding: "same"), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(64 * h * w, 1024), new ReLU());
        if (dropout) model.Add(new Dropout(0.5));
        return model.Add(new Linear(1024, classes));
    }

    /// <summary>
    /// LeNet-5 (LeCun et al. 1998): C1 conv 5×5 (6) → tanh → S2 average pool → C3 conv 5×5 (16) → tanh → S4 average
    /// pool → C5 (120) → tanh → F6 (84) → tanh → output. Inputs smaller than 32×32 are zero-padded to 32×32 in C1, as
    /// is usual for 28×28 digits, so S4 is 16@5×5 and C5 has 16·5·5·120 = 48,000 weights.
    /// </summary>
    public static Sequential LeNet5(int channels, int height, int width, int classes)
    {
        int pad = Math.Max(0, (32 - Math.Min(height, width)) / 2);
        int h = ((height + 2 * pad - 4) / 2 - 4) / 2, w = ((width + 2 * pad - 4) / 2 - 4) / 2;
        return new Sequential(
            new Conv2d(channels, 6, 5, padding: pad), new Tanh(), new AvgPool2d(2),
            new Conv2d(6, 16, 5), new Tanh(), new AvgPool2d(2),
            new Flatten(), new Linear(16 * h * w, 120), new Tanh(), new Linear(120, 84), new Tanh(), new Linear(84, classes));
    }
}
