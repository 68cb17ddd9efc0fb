using System.Reflection;

namespace Nabla.Cli;

/// <summary>
/// How the <c>nabla</c> tool reports a failure: one line on standard error, never a stack trace (set <c>NABLA_DEBUG=1</c>
/// to get one), and the exit code: 2 for a usage error (<see cref="CliException"/>), 1 for anything else. Every exception
/// type goes through here: those raised on the main thread, those a data loader's or kernel's worker thread hands back
/// to it, and, through <see cref="InstallForBackgroundThreads"/>, any other thread's.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of a run that failed (bad data, unwritable file, diverged training, a bug).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line that could not be understood.</summary>
    public const int Usage = 2;

    private static int s_installed;

    /// <summary>Writes <paramref name="exception"/> to <paramref name="error"/> as the tool's error line(s); returns the exit code.</summary>
    public static int Report(Exception exception, TextWriter error)
    {
        var e = Unwrap(exception);
        if (e is CliException)
        {
            error.WriteLine($"nabla: {e.Message}");
            error.WriteLine("run 'nabla help' for usage");
            return Usage;
        }
        error.WriteLine($"nabla: {Describe(e)}");
        if (Environment.GetEnvironmentVariable("NABLA_DEBUG") == "1") error.WriteLine(exception);
        return Failure;
    }

    /// <summary>
    /// Reports an exception that escapes a thread other than the main one and ends the process with <see cref="Failure"/>
    /// before the runtime would abort it with a stack trace (exit 134). Installed once per process.
    /// </summary>
    public static void InstallForBackgroundThreads()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0) return;
        AppDomain.CurrentDomain.UnhandledException += (_, args) =>
        {
            int code = args.ExceptionObject is Exception e ? Report(e, Console.Error) : Failure;
            Console.Error.Flush();
            Environment.Exit(code);
        };
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                case TypeInitializationException { InnerException: { } inner }: e = inner; continue;
                default: return e;
            }
        }
    }

    /// <summary>
    /// The message, with the messages of inner exceptions it does not already contain. Nabla's own exception types carry
    /// messages written for users (naming the op or file), so they print alone; for any other type, whose message is
    /// often generic ("Arithmetic operation resulted in an overflow."), the type name is kept so the failure can be traced.
    /// </summary>
    private static string Describe(Exception e)
    {
        string text = e switch
        {
            OutOfMemoryException => "out of memory: " + e.Message,
            IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                or NotSupportedException or KeyNotFoundException or Data.DataLoaderException => e.Message,
            _ => $"{e.GetType().Name}: {e.Message}",
        };
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += $" ({inner.GetType().Name}: {inner.Message})";
        return text;
    }
}
