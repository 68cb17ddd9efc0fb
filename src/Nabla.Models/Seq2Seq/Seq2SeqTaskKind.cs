namespace Nabla.Models.Seq2Seq;

/// <summary>What the target of a digit task is, given its source digits.</summary>
public enum Seq2SeqTaskKind
{
    /// <summary>The source digits in reverse order.</summary>
    Reverse,

    /// <summary>The source digits sorted in ascending order.</summary>
    Sort,
}
