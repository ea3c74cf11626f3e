using Fulfilment.Lambda.Testing;

namespace Fulfilment.Lambda.Tests;

/// <summary>The runtime loop running inside the test process against a fake Runtime API, with its log captured.</summary>
public sealed class InProcessRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LockedMemoryStream _log = new();

    private InProcessRuntime(FakeRuntimeApi api, Task<int> run)
    {
        Api = api;
        Run = run;
    }

    /// <summary>The fake the loop talks to.</summary>
    public FakeRuntimeApi Api { get; }

    /// <summary>The loop; completes with its exit code.</summary>
    public Task<int> Run { get; private set; }

    /// <summary>The JSON log lines written so far.</summary>
    public IReadOnlyList<string> LogLines => _log.Lines();

    public static async Task<InProcessRuntime> StartAsync(string handler, Action<LambdaHandlerRegistry> configure)
    {
        var api = await FakeRuntimeApi.StartAsync();
        var runtime = new InProcessRuntime(api, Task.FromResult(0));
        var environment = new LambdaEnvironment
        {
            RuntimeApi = api.RuntimeApi,
            Handler = handler,
            FunctionName = "in-process",
            HandleSigterm = false,
            SetTraceEnvironmentVariable = false,
        };
        runtime.Run = Task.Run(() => LambdaHost.RunAsync(configure, environment, runtime._log, runtime._stop.Token));
        return runtime;
    }

    /// <summary>Asks the loop to stop as SIGTERM would.</summary>
    public Task<int> StopAsync()
    {
        _stop.Cancel();
        return Run.WaitAsync(TestTimeouts.Process);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TestTimeouts.Process);
        }
        catch (TimeoutException)
        {
            // a test that hung the loop on purpose; the fake's shutdown below releases it
        }

        await Api.DisposeAsync();
        _stop.Dispose();
        await _log.DisposeAsync();
    }

    /// <summary>A memory stream the logger writes while tests read.</summary>
    private sealed class LockedMemoryStream : MemoryStream
    {
        private readonly Lock _gate = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                base.Write(buffer);
            }
        }

        public string[] Lines()
        {
            lock (_gate)
            {
                return System.Text.Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }
}

/// <summary>Generous limits for a loaded 2-core machine; they bound hangs, they do not measure speed.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Invocation = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Process = TimeSpan.FromSeconds(30);
}
