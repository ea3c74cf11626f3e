using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Lambda.Internal;

/// <summary>
/// Init, then next → invoke → response/error until stopped. One invocation at a time, as Lambda runs them;
/// the payload buffer, response buffer, JSON writer and deadline token source are reused across invocations.
/// With <paramref name="telemetry"/>, the spans of each invocation are exported after its result is posted, before the
/// next <c>next</c>: the caller never waits for the exporter, and nothing is left in a buffer when Lambda freezes the sandbox.
/// </summary>
internal sealed class LambdaRuntimeLoop(LambdaEnvironment environment, JsonLogSink sink, LambdaTelemetry? telemetry = null) : IDisposable
{
    // A handler that ignores its cancellation token gets this long past the deadline before the sandbox is given up.
    private static readonly TimeSpan HungGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(1);

    private readonly JsonLambdaLogger _log = new(sink, null);
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private readonly PayloadBuffer _payload = new();
    private CancellationTokenSource _deadline = new();

    public async Task<int> RunAsync(Action<LambdaHandlerRegistry> configure, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(environment.RuntimeApi))
        {
            _log.Log(LogLevel.Critical, "AWS_LAMBDA_RUNTIME_API is not set: this executable runs inside Lambda or under a Runtime API emulator.");
            return LambdaHost.InitErrorExitCode;
        }

        using var client = new RuntimeApiClient(environment.RuntimeApi);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // SIGTERM is how Lambda (and the local host) ends a sandbox; SIGINT is what Ctrl+C in the terminal of the local
        // stack sends its whole process group, sandboxes included. Both are a clean stop, never a Runtime API failure.
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true; // we exit ourselves once the in-flight invocation is answered
            stop.Cancel();
        }

        using var sigterm = environment.HandleSigterm ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop) : null;
        using var sigint = environment.HandleSigterm ? PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop) : null;

        var handler = await InitAsync(client, configure);
        if (handler is null)
        {
            return LambdaHost.InitErrorExitCode;
        }

        if (telemetry is not null)
        {
            _log.Log(LogLevel.Information, $"Exporting traces to {telemetry.Settings.Describe()} as service {telemetry.ServiceName}.");
        }

        await using var writer = new Utf8JsonWriter(_output);
        while (!stop.IsCancellationRequested)
        {
            InvocationHeaders next;
            try
            {
                next = await client.NextAsync(_payload, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException ex)
            {
                _log.Log(LogLevel.Critical, $"The Runtime API failed to deliver the next event: {ex.Message}");
                return LambdaHost.RuntimeApiErrorExitCode;
            }

            var exitCode = await InvokeAsync(client, handler, next, writer);
            Flush();
            if (exitCode is not null)
            {
                return exitCode.Value;
            }
        }

        _log.Log(LogLevel.Information, "Shutdown requested: no invocation in flight, exiting.");
        return 0;
    }

    public void Dispose()
    {
        _payload.Dispose();
        _deadline.Dispose();
    }

    private async Task<LambdaHandler?> InitAsync(RuntimeApiClient client, Action<LambdaHandlerRegistry> configure)
    {
        LambdaError error;
        try
        {
            var registry = new LambdaHandlerRegistry();
            configure(registry);
            if (registry.TryFind(environment.Handler, out var handler))
            {
                return handler;
            }

            error = new LambdaError(LambdaErrorTypes.HandlerNotFound, registry.UnknownHandlerMessage(environment.Handler), []);
        }
#pragma warning disable CA1031 // Any failure of the service's own init is reported to /init/error, as Lambda expects.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = new LambdaError(ex.GetType().Name, ex.Message, ex.StackTrace?.Split('\n', StringSplitOptions.TrimEntries) ?? []);
        }

        _log.Log(LogLevel.Critical, error.ErrorMessage, new Dictionary<string, object?>(StringComparer.Ordinal) { ["errorType"] = error.ErrorType });
        try
        {
            // Not cancellable: a shutdown request must not swallow the one report that says why init failed.
            await client.PostInitErrorAsync(error, CancellationToken.None);
        }
        catch (HttpRequestException ex)
        {
            _log.Log(LogLevel.Critical, $"Could not report the init error to the Runtime API: {ex.Message}");
        }

        return null;
    }

    /// <summary>Runs one invocation and posts its outcome; returns an exit code when the process must stop.</summary>
    private async Task<int?> InvokeAsync(RuntimeApiClient client, LambdaHandler handler, InvocationHeaders next, Utf8JsonWriter writer)
    {
        var context = new LambdaContext
        {
            AwsRequestId = next.RequestId,
            FunctionName = environment.FunctionName,
            FunctionVersion = environment.FunctionVersion,
            InvokedFunctionArn = next.InvokedFunctionArn,
            MemoryLimitInMB = environment.MemoryLimitInMB,
            LogGroupName = environment.LogGroupName,
            LogStreamName = environment.LogStreamName,
            Deadline = next.Deadline,
            TraceId = next.TraceId,
            Logger = _log.ForRequest(next.RequestId),
        };
        if (environment.SetTraceEnvironmentVariable)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", next.TraceId);
        }

        var token = ArmDeadline(context);
        _output.ResetWrittenCount();
        writer.Reset(_output);

        LambdaError? error;
        try
        {
            var task = handler.InvokeAsync(_payload.Memory, context, writer, token);
            if (!task.IsCompleted && context.Deadline != DateTimeOffset.MaxValue)
            {
                await task.WaitAsync(context.RemainingTime + HungGrace, CancellationToken.None);
            }

            error = await task;
        }
        catch (TimeoutException)
        {
            // Lambda would freeze and replace the sandbox; we report the timeout and let the host start a fresh process.
            error = LambdaErrors.Timeout(context);
            context.Logger.Log(LogLevel.Critical, "The handler ignored its deadline; exiting so that a fresh process takes the next event.");
            await PostAsync(client, context, error);
            return LambdaHost.HungInvocationExitCode;
        }
#pragma warning disable CA1031 // Belt and braces: LambdaHandler maps handler failures itself; nothing may escape the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = LambdaErrors.FromException(ex, context, token);
        }

        return await PostAsync(client, context, error);
    }

    private async Task<int?> PostAsync(RuntimeApiClient client, LambdaContext context, LambdaError? error)
    {
        try
        {
            // The in-flight invocation is always answered, even after SIGTERM: hence no cancellation token here.
            if (error is null)
            {
                await client.PostResponseAsync(context.AwsRequestId, _output.WrittenMemory, CancellationToken.None);
            }
            else
            {
                context.Logger.Log(LogLevel.Error, error.ErrorMessage, new Dictionary<string, object?>(StringComparer.Ordinal) { ["errorType"] = error.ErrorType });
                await client.PostErrorAsync(context.AwsRequestId, error, CancellationToken.None);
            }

            return null;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is not null)
        {
            // The API answered but refused (e.g. 413 for a response over 6 MB): the invocation is lost, the process is fine.
            context.Logger.Log(LogLevel.Error, $"The Runtime API refused the result ({(int)ex.StatusCode}): {ex.Message}");
            return null;
        }
        catch (HttpRequestException ex)
        {
            context.Logger.Log(LogLevel.Critical, $"The Runtime API is unreachable: {ex.Message}");
            return LambdaHost.RuntimeApiErrorExitCode;
        }
    }

    private void Flush()
    {
        if (telemetry is not null && !telemetry.Flush())
        {
            _log.Log(LogLevel.Warning, "The trace exporter did not finish within its bound; spans of this invocation may be lost.");
        }
    }

    private CancellationToken ArmDeadline(LambdaContext context)
    {
        if (!_deadline.TryReset())
        {
            _deadline.Dispose();
            _deadline = new CancellationTokenSource();
        }

        if (context.Deadline != DateTimeOffset.MaxValue)
        {
            // Lambda's maximum timeout is 15 minutes; the clamp only keeps CancelAfter in range for odd emulators.
            _deadline.CancelAfter(context.RemainingTime < MaxDeadline ? context.RemainingTime : MaxDeadline);
        }

        return _deadline.Token;
    }
}
