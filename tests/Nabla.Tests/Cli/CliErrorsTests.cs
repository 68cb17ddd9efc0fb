using Nabla.Cli;
using Nabla.Data;
using Xunit;

namespace Nabla.Tests.Cli;

/// <summary>
/// The tool's one error reporter (used by the entry point's handler and for exceptions escaping background threads):
/// every exception type becomes <c>nabla: message</c> lines without a stack trace, exit code 2 for usage errors and 1
/// for everything else.
/// </summary>
public class CliErrorsTests
{
    public static TheoryData<Exception, string> Failures() => new()
    {
        { new InvalidDataException("Idx.Load: 'x.idx': dims overflow."), "nabla: Idx.Load: 'x.idx': dims overflow." },
        { new IOException("disk full"), "nabla: disk full" },
        { new FileNotFoundException("Could not find file '/a/b'."), "nabla: Could not find file '/a/b'." },
        { new UnauthorizedAccessException("cannot write '/a': permission denied."), "nabla: cannot write '/a': permission denied." },
        { new ArgumentException("Linear: expected float32 input, got float64."), "nabla: Linear: expected float32 input, got float64." },
        { new InvalidOperationException("TerminateOnNaN: loss became NaN at global step 3."), "nabla: TerminateOnNaN: loss became NaN at global step 3." },
        { new OverflowException(), "nabla: OverflowException: Arithmetic operation resulted in an overflow." },
        { new OutOfMemoryException(), "nabla: out of memory: " },
        { new NullReferenceException(), "nabla: NullReferenceException: " },
        { new IndexOutOfRangeException(), "nabla: IndexOutOfRangeException: " },
        { new AggregateException(new InvalidDataException("bad record")), "nabla: bad record" },
        { new System.Reflection.TargetInvocationException(new IOException("inner io")), "nabla: inner io" },
        { new DataLoaderException(2, [6, 7, 8], new InvalidDataException("bad record 7")), "nabla: DataLoader: loading batch 2 (dataset indices [6, 7, 8]) failed: bad record 7" },
        { new IOException("outer", new OverflowException("inner detail")), "nabla: outer (OverflowException: inner detail)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EveryExceptionTypeIsOneMessageWithExitCodeOne(Exception exception, string expectedStart)
    {
        try
        {
            throw exception;
        }
        catch (Exception thrown)
        {
            Assert.NotNull(thrown.StackTrace);
            var error = new StringWriter();
            Assert.Equal(1, CliErrors.Report(thrown, error));
            string text = error.ToString();
            Assert.StartsWith(expectedStart, text);
            Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotMatch(@"(?m)^\s+at \S", text);
        }
    }

    [Fact]
    public void UsageErrorsExitWithTwoAndPointAtHelp()
    {
        var error = new StringWriter();
        Assert.Equal(2, CliErrors.Report(new CliException("unknown option(s): --bogus"), error));
        Assert.Equal(["nabla: unknown option(s): --bogus", "run 'nabla help' for usage"], error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }
}
