using System.Text.Json;

namespace Nabla.Tests.Differential;

public static partial class DifferentialOps
{
    /// <summary>differential_ops_nn.py: convolution, pooling, losses and normalization.</summary>
    private static Dictionary<string, Func<Tensor[], JsonElement, Tensor>> Neural => new()
    {
    };
}
