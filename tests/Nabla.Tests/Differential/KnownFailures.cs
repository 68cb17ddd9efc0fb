namespace Nabla.Tests.Differential;

/// <summary>
/// Differences the randomized test finds that other items of issue 9 fix on their own branches. Each entry names
/// its item; delete an entry (and this file when empty) once its fix is merged.
/// </summary>
public static class KnownFailures
{
    private static readonly string[] BoolArithmetic = ["add", "sub", "mul", "maximum", "minimum", "amax", "amin", "clamp", "rsub_scalar", "sub_scalar"];

    private static readonly (string Item, Func<DifferentialCase, DifferentialChecker.Problem, bool> Matches)[] Entries =
    [
        // A tangent on one operand only is passed through without broadcasting to the output's shape.
        ("issue 9 item 1 (JVP of a one-sided tangent)", (c, p) => p.Check == DifferentialChecker.Check.Jvp && p.Message.StartsWith("JVP: Nabla gives", StringComparison.Ordinal)),
        // Std's derivatives where std = 0 are NaN (PyTorch: 0).
        ("issue 9 item 2 (Std derivative at std = 0)", (c, p) => c.Op == "std" && p.Check != DifferentialChecker.Check.Output
            && p.Message.Contains("PyTorch 0, Nabla NaN", StringComparison.Ordinal)),
        // A 0-dim operand's dtype wins over a dimensioned one of the same category.
        ("issue 9 item 4 (0-dim promotion)", (c, p) => p.Check == DifferentialChecker.Check.Output && p.Message.StartsWith("output: Nabla gives", StringComparison.Ordinal)
            && c.InputShapes.Any(s => s.Length == 0) && c.InputShapes.Any(s => s.Length > 0) && c.InputDTypes.Distinct().Count() > 1),
        // b + b, b * b, Maximum/Minimum/Amax of bool throw; bool − x is accepted.
        ("issue 9 item 5 (bool arithmetic)", (c, p) => p.Check is DifferentialChecker.Check.Error or DifferentialChecker.Check.Output
            && BoolArithmetic.Contains(c.Op) && c.InputDTypes.Contains("bool")),
    ];

    /// <summary>The issue item a known failure belongs to, or null for a new failure.</summary>
    public static string? Match(DifferentialCase c, DifferentialChecker.Problem p) =>
        Entries.FirstOrDefault(e => e.Matches(c, p)).Item;
}
