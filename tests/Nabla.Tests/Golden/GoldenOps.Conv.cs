namespace Nabla.Tests.Golden;

public static partial class GoldenOps
{
    /// <summary>generate_conv.py: convolution and pooling.</summary>
    private static Dictionary<string, Func<Tensor[], Tensor>> Conv => [];
}
