namespace Nabla.Ops;

/// <summary>
/// Everything the convolution kernels need about one 2-D convolution: input (N, C, H, W), weight
/// (O, C/groups, KH, KW), output (N, O, OH, OW), stride, dilation and the top/left implicit zero padding. The
/// bottom/right padding is implied by OH and OW, which lets "same" padding of even kernels be asymmetric as in
/// PyTorch and lets a transposed convolution pick any output size its output padding allows.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int O, int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW, int Groups, int OH, int OW)
{
    /// <summary>Input channels per group.</summary>
    public int Cg => C / Groups;

    /// <summary>Output channels per group.</summary>
    public int Og => O / Groups;

    /// <summary>Rows of the im2col matrix of one group: Cg·KH·KW.</summary>
    public int K => Cg * KH * KW;

    /// <summary>Output positions per channel: OH·OW.</summary>
    public int L => OH * OW;

    /// <summary>True when the im2col matrix of a group is the input itself (1×1 kernel, stride 1, no padding).</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0 && OH == H && OW == W;

    public int[] InputDims => [N, C, H, W];

    public int[] WeightDims => [O, Cg, KH, KW];

    public int[] OutputDims => [N, O, OH, OW];

    /// <summary>The same geometry for another batch size (a tangent or gradient keeps the batch of its primal).</summary>
    public ConvGeometry WithBatch(int n) => this with { N = n };
}
