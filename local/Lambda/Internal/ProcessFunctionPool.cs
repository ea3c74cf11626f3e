using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>
/// The sandboxes of one process-mode function: invocations wait in a queue, each sandbox process takes one at a time
/// from <c>next</c> (Lambda semantics), processes start on demand up to <see cref="LocalLambdaFunction.MaxConcurrency"/>,
/// and a sandbox that times out or exits is replaced by a fresh one when there is work for it.
/// </summary>
internal sealed class ProcessFunctionPool(LocalLambdaFunction function, RuntimeApiContext api) : IFunctionRunner
{
    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private readonly ConcurrentDictionary<string, Invocation> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<Sandbox> _sandboxes = [];
    private int _started;
    private bool _initFailed;
    private bool _disposed;

    public LocalLambdaFunction Function { get; } = function;

    public Task StartAsync(CancellationToken ct)
    {
        EnsureCapacity();
        return Task.CompletedTask;
    }

    public async Task<LambdaInvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var invocation = new Invocation(payload.ToArray());
        if (!_queue.Writer.TryWrite(invocation))
        {
            throw new ObjectDisposedException(nameof(LocalLambdaService), "The local Lambda service is stopping.");
        }

        EnsureCapacity();
        using var registration = ct.Register(() => invocation.Cancel(ct));
        return await invocation.Result;
    }

    public LocalLambdaFunctionStats Stats()
    {
        lock (_gate)
        {
            return new LocalLambdaFunctionStats(
                Function.Name,
                _started,
                _sandboxes.Count,
                _sandboxes.Count(s => s.State == SandboxState.Busy),
                _queue.Reader.Count);
        }
    }

    public bool KillOne()
    {
        Sandbox? victim;
        lock (_gate)
        {
            victim = _sandboxes.FirstOrDefault(s => s.State == SandboxState.Busy) ?? _sandboxes.FirstOrDefault();
        }

        if (victim is null)
        {
            return false;
        }

        api.Log(Function.Name, $"[local-lambda] chaos: killing sandbox {victim.Id} (pid {victim.Process.Id})");
        victim.Kill();
        return true;
    }

    /// <summary>GET <c>invocation/next</c>: blocks until an invocation is queued, then hands it to the calling sandbox.</summary>
    public async Task NextAsync(string? sandboxId, Microsoft.AspNetCore.Http.HttpContext http)
    {
        var sandbox = Find(sandboxId);
        if (sandboxId is not null && sandbox is null)
        {
            http.Response.StatusCode = 410; // a sandbox we already gave up on (killed): it must not take work
            return;
        }

        MarkIdle(sandbox, ready: true);
        while (true)
        {
            Invocation invocation;
            try
            {
                invocation = await _queue.Reader.ReadAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the sandbox went away
            }
            catch (ChannelClosedException)
            {
                // The service is stopping and sends the sandbox SIGTERM, as Lambda does: the runtime then gives up this
                // request itself and exits cleanly. Any answer here (a 200 without an event, a 503) would read to it as a
                // Runtime API failure, so the request stays open until the process is gone or the server stops.
                await WaitUntilAbortedAsync(http.RequestAborted);
                return;
            }

            if (!invocation.TryClaim(sandbox))
            {
                continue; // its caller gave up while it was queued
            }

            var died = false;
            lock (_gate)
            {
                if (sandbox is not null)
                {
                    // Its monitor may already have run (killed while it asked): then nobody else would ever fail this invocation.
                    died = sandbox.State == SandboxState.Dead;
                    sandbox.State = died ? SandboxState.Dead : SandboxState.Busy;
                    sandbox.Current = died ? null : invocation;
                }
            }

            if (died)
            {
                invocation.TryComplete(new LambdaInvocationResult(null, LocalLambdaErrors.Exited(invocation.RequestId, null, "before the invocation started")));
                return;
            }

            _inFlight[invocation.RequestId] = invocation;
            var deadline = DateTimeOffset.UtcNow + Function.Timeout;
            invocation.ArmDeadline(Function.Timeout, OnTimeout);
            var headers = http.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = api.FunctionArn(Function.Name);
            headers["Lambda-Runtime-Trace-Id"] = TraceHeader();
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = invocation.Payload.Length;
            try
            {
                await http.Response.Body.WriteAsync(invocation.Payload, CancellationToken.None);
                await http.Response.CompleteAsync();
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The process died while we answered: its monitor fails the invocation with Runtime.ExitError.
            }

            if (sandbox is not null && api.ChaosStrikes())
            {
                api.Log(Function.Name, $"[local-lambda] chaos: killing sandbox {sandbox.Id} during invocation {invocation.RequestId}");
                sandbox.Kill();
                api.ChaosKilled(Function.Name);
            }

            return;
        }
    }

    /// <summary>POST <c>invocation/{id}/response</c> or <c>/error</c>.</summary>
    public async Task PostResultAsync(string? sandboxId, string requestId, bool isError, Microsoft.AspNetCore.Http.HttpContext http)
    {
        var body = await RuntimeApiBodies.ReadAsync(http);
        if (!_inFlight.TryRemove(requestId, out var invocation))
        {
            // Unknown or already answered (e.g. it timed out first): what the real API answers.
            await RuntimeApiBodies.WriteErrorAsync(http, 400, "InvalidRequestID", $"Unknown or already answered request id {requestId}.");
            return;
        }

        MarkIdle(Find(sandboxId), ready: true);
        if (body is null)
        {
            invocation.TryComplete(new LambdaInvocationResult(null, new LambdaError(LocalLambdaErrors.ResponseSizeTooLarge,
                $"RequestId: {requestId} Error: Response payload size exceeded maximum allowed payload size ({RuntimeApiBodies.MaxPayloadBytes} bytes).", [])));
            await RuntimeApiBodies.WriteErrorAsync(http, 413, "RequestEntityTooLarge", "The response is larger than 6 MB.");
            return;
        }

        var result = isError
            ? new LambdaInvocationResult(null, RuntimeApiBodies.ParseError(body, http.Request.Headers["Lambda-Runtime-Function-Error-Type"]))
            : new LambdaInvocationResult(body, null);
        invocation.TryComplete(result);
        http.Response.StatusCode = 202;
    }

    /// <summary>POST <c>init/error</c>: init failed; the queued invocations fail with this error (the process exits next).</summary>
    public async Task PostInitErrorAsync(string? sandboxId, Microsoft.AspNetCore.Http.HttpContext http)
    {
        var body = await RuntimeApiBodies.ReadAsync(http) ?? [];
        var error = RuntimeApiBodies.ParseError(body, http.Request.Headers["Lambda-Runtime-Function-Error-Type"]);
        api.Log(Function.Name, $"[local-lambda] INIT ERROR in function {Function.Name}: {error.ErrorType}: {error.ErrorMessage}");
        lock (_gate)
        {
            if (Find(sandboxId) is { } sandbox)
            {
                sandbox.InitError = error;
            }

            _initFailed = true;
        }

        FailQueued(error);
        http.Response.StatusCode = 202;
    }

    /// <summary>
    /// Lambda's shutdown phase: no new work, SIGTERM to every sandbox (the runtime answers its in-flight invocation and
    /// exits 0), SIGKILL for those still running after <see cref="LocalLambdaServiceOptions.ShutdownGrace"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<Sandbox> sandboxes;
        lock (_gate)
        {
            _disposed = true;
            sandboxes = [.. _sandboxes];
        }

        _queue.Writer.TryComplete();

        // Callers waiting on a stopping service are cancelled, not failed: a workflow must not record a function error for a shutdown.
        while (_queue.Reader.TryRead(out var queued))
        {
            queued.Cancel(new CancellationToken(canceled: true));
        }

        var exited = Task.WhenAll(sandboxes.Select(s => s.Monitor));
        await Sandbox.TerminateAsync(sandboxes);
        if (!await ExitsWithinAsync(exited, api.ShutdownGrace))
        {
            foreach (var sandbox in sandboxes)
            {
                sandbox.Kill();
            }
        }

        foreach (var running in _inFlight.Values)
        {
            running.Cancel(new CancellationToken(canceled: true));
        }

        if (!await ExitsWithinAsync(exited, TimeSpan.FromSeconds(10)))
        {
            api.Log(Function.Name, "[local-lambda] some sandbox processes were slow to exit after kill; the OS reaps them.");
        }
    }

    private static async Task<bool> ExitsWithinAsync(Task exited, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await exited.WaitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAbortedAsync(CancellationToken aborted)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
        catch (OperationCanceledException)
        {
            // The sandbox closed its connection (it exited) or the server is stopping.
        }
    }

    private void OnTimeout(Invocation invocation)
    {
        if (!invocation.TryComplete(new LambdaInvocationResult(null, LocalLambdaErrors.TimedOut(invocation.RequestId, Function.Timeout))))
        {
            return;
        }

        _inFlight.TryRemove(invocation.RequestId, out _);
        if (invocation.Owner is { } owner)
        {
            // As Lambda resets the sandbox after a timeout: the process may be stuck in the handler.
            api.Log(Function.Name, $"[local-lambda] invocation {invocation.RequestId} timed out after {Function.Timeout.TotalSeconds:0.##} s: killing sandbox {owner.Id}");
            owner.Kill();
        }
    }

    private Sandbox? Find(string? sandboxId)
    {
        if (sandboxId is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _sandboxes.Find(s => s.Id == sandboxId);
        }
    }

    private void MarkIdle(Sandbox? sandbox, bool ready)
    {
        if (sandbox is null)
        {
            return;
        }

        lock (_gate)
        {
            if (sandbox.State == SandboxState.Dead)
            {
                return;
            }

            sandbox.State = SandboxState.Idle;
            sandbox.Current = null;
            if (ready && !sandbox.Ready)
            {
                sandbox.Ready = true;
                sandbox.InitTimer?.Dispose();
                _initFailed = false;
            }
        }
    }

    private void FailQueued(LambdaError error)
    {
        while (_queue.Reader.TryRead(out var queued))
        {
            if (queued.TryClaim(null))
            {
                queued.TryComplete(new LambdaInvocationResult(null, error));
            }
        }
    }

    /// <summary>Starts processes while queued work outnumbers the sandboxes that could take it, up to the limit.</summary>
    private void EnsureCapacity()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var available = _sandboxes.Count(s => s.State is SandboxState.Starting or SandboxState.Idle);
            var wanted = Math.Min(Function.MaxConcurrency - _sandboxes.Count, _queue.Reader.Count - available);
            if (!_initFailed)
            {
                wanted = Math.Max(wanted, Function.PrewarmedInstances - _sandboxes.Count);
            }

            for (var i = 0; i < wanted; i++)
            {
                StartSandbox();
            }
        }
    }

    private void StartSandbox()
    {
        var id = (++_started).ToString(CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = SandboxLauncher.Start(Function, api, id, line => api.Log(Function.Name, line));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            var error = new LambdaError(LocalLambdaErrors.ExitError, $"Could not start '{Function.Process!.FileName}' for function {Function.Name}: {ex.Message}", []);
            api.Log(Function.Name, "[local-lambda] " + error.ErrorMessage);
            _initFailed = true;
            _ = Task.Run(() => FailQueued(error));
            return;
        }

        var sandbox = new Sandbox(id, process);
        sandbox.InitTimer = TimeProvider.System.CreateTimer(_ => OnInitTimeout(sandbox), null, api.InitTimeout, Timeout.InfiniteTimeSpan);
        _sandboxes.Add(sandbox);
        sandbox.Monitor = MonitorAsync(sandbox);
    }

    private void OnInitTimeout(Sandbox sandbox)
    {
        lock (_gate)
        {
            if (sandbox.Ready || sandbox.State == SandboxState.Dead)
            {
                return;
            }

            sandbox.InitError ??= new LambdaError(LocalLambdaErrors.Timeout, $"Function {Function.Name}: init did not finish within {api.InitTimeout.TotalSeconds:0.##} s.", []);
        }

        api.Log(Function.Name, $"[local-lambda] INIT TIMEOUT in function {Function.Name}: killing sandbox {sandbox.Id}");
        sandbox.Kill();
    }

    private async Task MonitorAsync(Sandbox sandbox)
    {
        await sandbox.Process.WaitForExitAsync(CancellationToken.None);
        var exitCode = sandbox.Process.ExitCode;
        sandbox.InitTimer?.Dispose();
        Invocation? running;
        bool diedInInit;
        bool disposed;
        lock (_gate)
        {
            running = sandbox.Current;
            diedInInit = !sandbox.Ready;
            sandbox.State = SandboxState.Dead;
            sandbox.Current = null;
            _sandboxes.Remove(sandbox);
            if (diedInInit)
            {
                _initFailed = true;
            }

            disposed = _disposed;
        }

        sandbox.Process.Dispose();
        if (disposed)
        {
            return;
        }

        api.Log(Function.Name, $"[local-lambda] sandbox {sandbox.Id} of {Function.Name} exited with code {exitCode}");
        if (running is not null && running.TryComplete(new LambdaInvocationResult(null, LocalLambdaErrors.Exited(running.RequestId, exitCode, "during the invocation"))))
        {
            _inFlight.TryRemove(running.RequestId, out _);
        }

        if (diedInInit)
        {
            FailQueued(sandbox.InitError ?? LocalLambdaErrors.Exited("(init)", exitCode, "during init"));
        }

        EnsureCapacity();
    }

    private static string TraceHeader()
    {
        // X-Ray format: Root=1-{8 hex epoch seconds}-{24 hex};Parent={16 hex};Sampled=0
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var root = Guid.NewGuid().ToString("N")[..24];
        var parent = Guid.NewGuid().ToString("N")[..16];
        return $"Root=1-{epoch}-{root};Parent={parent};Sampled=0";
    }
}
