using Nabla.Nn;

namespace Nabla.Models.Text;

/// <summary>nanoGPT's feed-forward block on (…, d): <c>c_fc</c> Linear(d, 4d) → GELU (exact erf form) → <c>c_proj</c> Linear(4d, d) → dropout.</summary>
public sealed class GptMlp : Module
{
    private readonly Dropout _dropout;

    /// <summary>Creates the block for width <paramref name="nEmbd"/>.</summary>
    public GptMlp(int nEmbd, double dropout = 0, Generator? generator = null)
    {
        CFc = RegisterModule("c_fc", new Linear(nEmbd, 4 * nEmbd, generator: generator));
        CProj = RegisterModule("c_proj", new Linear(4 * nEmbd, nEmbd, generator: generator));
        _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
    }

    /// <summary>The expanding projection Linear(d, 4d).</summary>
    public Linear CFc { get; }

    /// <summary>The contracting projection Linear(4d, d).</summary>
    public Linear CProj { get; }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => _dropout.Forward(CProj.Forward(CFc.Forward(input).Gelu()));
}
