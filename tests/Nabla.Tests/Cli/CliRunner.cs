using System.Reflection;

namespace Nabla.Tests.Cli;

/// <summary>
/// Runs the <c>nabla</c> tool through its real entry point in this process, capturing standard output and error.
/// Console redirection is process-wide, so callers belong to <see cref="SerialCollection"/>.
/// </summary>
internal static class CliRunner
{
    /// <summary>The exit code and what the tool wrote to standard output and standard error.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var entry = Assembly.Load("Nabla.Cli").EntryPoint ?? throw new InvalidOperationException("Nabla.Cli has no entry point");
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return ((int)entry.Invoke(null, [args])!, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
