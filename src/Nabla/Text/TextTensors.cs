namespace Nabla.Text;

/// <summary>Conversions between index tensors and arrays shared by the text types.</summary>
internal static class TextTensors
{
    internal static long[] ToInt64(Tensor ids, string op)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.DType switch
        {
            DType.Int64 => ids.ToArray<long>(),
            DType.Int32 => Array.ConvertAll(ids.ToArray<int>(), i => (long)i),
            _ => throw new ArgumentException($"{op}: expected an int64 or int32 index tensor, got {ids.DType} with shape {ids.Shape}."),
        };
    }
}
