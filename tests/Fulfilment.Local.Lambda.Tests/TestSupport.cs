using System.Collections.Concurrent;
using System.Text;
using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>Helpers shared by the tests: the test function's build output, log capture, polling with a deadline.</summary>
public static class TestSupport
{
    /// <summary>Generous for a loaded 2-core machine: a wait that ends early never slows a passing test.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>tests/Fulfilment.Lambda.TestFunction built in our configuration (the project reference builds it first).</summary>
    public static LambdaProcessSpec TestFunction() => LambdaProcessSpec.ForDll(Path.Combine(
        LambdaProcessSpec.FindRepositoryRoot(), "tests", "Fulfilment.Lambda.TestFunction", "bin",
        LambdaProcessSpec.CurrentConfiguration(), "net10.0", "Fulfilment.Lambda.TestFunction.dll"));

    public static LocalLambdaFunction TestFunction(string name, string handler) => new()
    {
        Name = name,
        Handler = handler,
        Process = TestFunction(),
    };

    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    public static string Text(LambdaInvocationResult result) => result.Response is null ? string.Empty : Encoding.UTF8.GetString(result.Response);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met before the deadline.");
            }

            await Task.Delay(25);
        }
    }
}

/// <summary>Collects what the service logs, per function.</summary>
public sealed class LogCapture
{
    private readonly ConcurrentQueue<(string Function, string Line)> _lines = new();

    public Action<string, string> Sink => (function, line) => _lines.Enqueue((function, line));

    public IReadOnlyList<string> LinesOf(string function) => [.. _lines.Where(l => l.Function == function).Select(l => l.Line)];

    public override string ToString() => string.Join('\n', _lines.Select(l => $"{l.Function}: {l.Line}"));
}
