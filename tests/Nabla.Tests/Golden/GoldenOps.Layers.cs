namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    /// <summary>generate_layers.py: layers and losses.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Layers => [];
}
