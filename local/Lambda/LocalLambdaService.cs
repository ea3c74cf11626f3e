using System.Net;
using Fulfilment.Lambda;
using Fulfilment.Local.Lambda.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfilment.Local.Lambda;

/// <summary>
/// The local Lambda service: hosts named functions, each as a pool of real processes that speak the Lambda Runtime API
/// to our Kestrel server on 127.0.0.1 (<c>/fn/{function}/{sandbox}/2018-06-01/runtime/...</c>), or in-process.
/// <see cref="InvokeAsync"/> is the synchronous <c>Invoke</c>; disposing kills every process by its own handle.
/// </summary>
public sealed class LocalLambdaService : IAsyncDisposable
{
    private const string RuntimePath = "/2018-06-01/runtime/";
    private readonly Dictionary<string, IFunctionRunner> _functions;
    private readonly RuntimeApiContext _api;
    private readonly LocalLambdaServiceOptions _options;
    private WebApplication? _app;
    private int _disposed;

    private LocalLambdaService(Dictionary<string, IFunctionRunner> functions, RuntimeApiContext api, LocalLambdaServiceOptions options)
    {
        _functions = functions;
        _api = api;
        _options = options;
    }

    /// <summary><c>127.0.0.1:PORT</c> of the Runtime API server.</summary>
    public string RuntimeApiAuthority => _api.Authority;

    /// <summary>The hosted function names.</summary>
    public IReadOnlyCollection<string> FunctionNames => _functions.Keys;

    /// <summary>Starts the Runtime API server and every function (prewarmed processes start now, the rest on first use).</summary>
    public static async Task<LocalLambdaService> StartAsync(IEnumerable<LocalLambdaFunction> functions, LocalLambdaServiceOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(functions);
        options ??= new LocalLambdaServiceOptions();
        var api = new RuntimeApiContext(options);
        var runners = new Dictionary<string, IFunctionRunner>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            function.Validate();
            IFunctionRunner runner = function.Process is not null ? new ProcessFunctionPool(function, api) : new InProcessFunction(function, api);
            if (!runners.TryAdd(function.Name, runner))
            {
                throw new ArgumentException($"Function '{function.Name}' is defined twice.", nameof(functions));
            }
        }

        var service = new LocalLambdaService(runners, api, options);
        try
        {
            await service.StartServerAsync(ct);
            foreach (var runner in runners.Values)
            {
                await runner.StartAsync(ct);
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>The ARN Lambda gives a function: <c>arn:aws:lambda:{region}:{account}:function:{name}</c>.</summary>
    public static string FunctionArn(string functionName, string region = "us-east-1", string accountId = "000000000000") =>
        $"arn:aws:lambda:{region}:{accountId}:function:{functionName}";

    /// <summary>
    /// Invokes <paramref name="functionName"/> synchronously (RequestResponse). Never throws for function failures: a handler
    /// error, <c>Sandbox.Timedout</c>, <c>Runtime.ExitError</c> or an unknown function come back as <see cref="LambdaInvocationResult.Error"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> fires or the service stops.
    /// </summary>
    public Task<LambdaInvocationResult> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _functions.TryGetValue(functionName, out var runner)
            ? runner.InvokeAsync(payload, ct)
            : Task.FromResult(new LambdaInvocationResult(null, LocalLambdaErrors.NotFound(functionName, _options.Region, _options.AccountId)));
    }

    /// <summary>
    /// <see cref="InvokeAsync"/> in the shape of the Step Functions engine's <c>LambdaTaskInvoker</c> delegate
    /// (pass <c>service.InvokeForStepFunctionsAsync</c>); an unknown function is <c>Lambda.ResourceNotFoundException</c>, as Step Functions names it.
    /// </summary>
    public async Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)> InvokeForStepFunctionsAsync(string functionName, byte[] payload, CancellationToken ct)
    {
        var result = await InvokeAsync(functionName, payload, ct);
        if (result.Error is { } error)
        {
            var type = error.ErrorType == LocalLambdaErrors.ResourceNotFound ? "Lambda." + LocalLambdaErrors.ResourceNotFound : error.ErrorType;
            return (null, (type, error.ErrorMessage));
        }

        return (result.Response, null);
    }

    /// <summary>Chaos hook: kills one process of the function (a busy one first) by its handle; false when none runs.</summary>
    public bool KillOneProcess(string functionName) =>
        _functions.TryGetValue(functionName, out var runner) ? runner.KillOne() : throw new ArgumentException($"No function named '{functionName}'.", nameof(functionName));

    /// <summary>A snapshot of the function's pool.</summary>
    public LocalLambdaFunctionStats GetStats(string functionName) =>
        _functions.TryGetValue(functionName, out var runner) ? runner.Stats() : throw new ArgumentException($"No function named '{functionName}'.", nameof(functionName));

    /// <summary>Kills every process (by its own handle), cancels waiting callers and stops the Runtime API server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var runner in _functions.Values)
        {
            await runner.DisposeAsync();
        }

        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _options.Port);
            // next blocks until work arrives; a runtime's kept-alive connection must never be dropped under it.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromHours(1);
            kestrel.Limits.MaxRequestBodySize = RuntimeApiBodies.MaxPayloadBytes + 1;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(ct);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _api.Authority = new Uri(address).Authority;
    }

    /// <summary>Routes <c>/fn/{function}[/{sandbox}]/2018-06-01/runtime/{route}</c>; without a sandbox id it serves a runtime started by hand.</summary>
    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        var runtime = path.IndexOf(RuntimePath, StringComparison.Ordinal);
        if (!path.StartsWith("/fn/", StringComparison.Ordinal) || runtime < 0)
        {
            await RuntimeApiBodies.WriteErrorAsync(http, 404, "NotFound", $"Unknown path {path}: the Runtime API lives under /fn/{{function}}{RuntimePath}.");
            return;
        }

        var owner = path[4..runtime].Split('/');
        var route = path[(runtime + RuntimePath.Length)..];
        if (owner.Length is < 1 or > 2 || !_functions.TryGetValue(owner[0], out var runner) || runner is not ProcessFunctionPool pool)
        {
            await RuntimeApiBodies.WriteErrorAsync(http, 404, "ResourceNotFoundException", $"No process-mode function '{owner[0]}'.");
            return;
        }

        var sandbox = owner.Length == 2 ? owner[1] : null;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) && route == "invocation/next")
        {
            await pool.NextAsync(sandbox, http);
        }
        else if (HttpMethods.IsPost(method) && route == "init/error")
        {
            await pool.PostInitErrorAsync(sandbox, http);
        }
        else if (HttpMethods.IsPost(method) && route.StartsWith("invocation/", StringComparison.Ordinal) && route.Split('/') is [_, var requestId, var kind] && kind is "response" or "error")
        {
            await pool.PostResultAsync(sandbox, requestId, kind == "error", http);
        }
        else
        {
            await RuntimeApiBodies.WriteErrorAsync(http, 404, "NotFound", $"Unknown Runtime API route {method} {route}.");
        }
    }
}
