using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>
/// An in-process function: the handler runs through <see cref="LambdaHandlerRegistry.InvokeAsync"/> with the same
/// serialization and error mapping as the runtime loop, the same concurrency limit and the same timeout error.
/// A handler that ignores its deadline keeps running in the background (there is no process to kill).
/// </summary>
internal sealed class InProcessFunction(LocalLambdaFunction function, RuntimeApiContext api) : IFunctionRunner
{
    private readonly SemaphoreSlim _slots = new(function.MaxConcurrency, function.MaxConcurrency);
    private readonly LambdaHandlerRegistry _registry = function.Registry!;
    private int _busy;
    private int _queued;

    public LocalLambdaFunction Function { get; } = function;

    public Task StartAsync(CancellationToken ct)
    {
        if (!_registry.Names.Contains(Function.Handler))
        {
            throw new ArgumentException($"Function {Function.Name}: the registry has no handler '{Function.Handler}' (it has: {string.Join(", ", _registry.Names)}).");
        }

        return Task.CompletedTask;
    }

    public async Task<LambdaInvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _slots.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        Interlocked.Increment(ref _busy);
        try
        {
            var requestId = Guid.NewGuid().ToString();
            var context = new LambdaContext
            {
                AwsRequestId = requestId,
                FunctionName = Function.Name,
                InvokedFunctionArn = api.FunctionArn(Function.Name),
                MemoryLimitInMB = Function.MemorySizeMb,
                LogGroupName = "/aws/lambda/" + Function.Name,
                LogStreamName = $"local/{Function.Name}/in-process",
                Deadline = DateTimeOffset.UtcNow + Function.Timeout,
                Logger = new ForwardingLogger(Function.Name, requestId, api),
            };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Function.Timeout);
            var run = _registry.InvokeAsync(Function.Handler, payload, context, deadline.Token);
            LambdaInvocationResult result;
            try
            {
                result = await run.WaitAsync(Function.Timeout, ct);
            }
            catch (TimeoutException)
            {
                return new LambdaInvocationResult(null, LocalLambdaErrors.TimedOut(requestId, Function.Timeout));
            }

            // The handler shares our cancellation token, so a caller that gives up (the engine stopping with the stack)
            // makes it fail with TaskCanceledException. That is not the function's answer: a real Lambda would have run on.
            // Report the interruption as such, or the caller records a failure that never happened and the execution
            // fails instead of resuming on the next start.
            ct.ThrowIfCancellationRequested();
            return deadline.IsCancellationRequested && result.Error is not null
                ? new LambdaInvocationResult(null, LocalLambdaErrors.TimedOut(requestId, Function.Timeout))
                : result;
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
            _slots.Release();
        }
    }

    public LocalLambdaFunctionStats Stats() =>
        new(Function.Name, 0, 0, Volatile.Read(ref _busy), Volatile.Read(ref _queued)); // no processes: busy/queued count invocations

    public bool KillOne() => false;

    public ValueTask DisposeAsync()
    {
        _slots.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The handler's log lines go to the same sink as a process's stdout.</summary>
    private sealed class ForwardingLogger(string function, string requestId, RuntimeApiContext api) : ILambdaLogger
    {
        public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null)
        {
            var extra = fields is null ? string.Empty : " " + string.Join(' ', fields.Select(f => $"{f.Key}={f.Value}"));
            api.Log(function, $"{level} requestId={requestId} {message}{extra}");
        }
    }
}
