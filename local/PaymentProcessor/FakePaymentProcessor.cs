using System.Net;
using Fulfilment.Local.PaymentProcessor.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Local.PaymentProcessor;

/// <summary>
/// A fake card processor on 127.0.0.1 that speaks the charges/refunds API, remembers idempotency keys,
/// keeps a ledger and behaves by payment token. Started in-process by tests and the local stack; stopped on dispose.
/// </summary>
public sealed class FakePaymentProcessor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProcessorState _state;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private FakePaymentProcessor(WebApplication app, ProcessorState state, CancellationTokenSource stopping, Uri baseAddress, string apiKey)
    {
        _app = app;
        _state = state;
        _stopping = stopping;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key clients must send as a bearer token.</summary>
    public string ApiKey { get; }

    /// <summary>The fault injection in force; also settable with <c>PUT /admin/faults</c>.</summary>
    public FaultSettings Faults
    {
        get => _state.Faults;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Validate() is { } problem)
            {
                throw new ArgumentException(problem, nameof(value));
            }

            _state.Faults = value;
        }
    }

    /// <summary>Every request received on the charge and refund endpoints, including rejected ones.</summary>
    public long TotalRequests => _state.TotalRequests;

    /// <summary>Starts the processor and returns once it accepts connections.</summary>
    public static async Task<FakePaymentProcessor> StartAsync(FakePaymentProcessorOptions? options, CancellationToken cancellationToken)
    {
        options ??= new FakePaymentProcessorOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        if (options.Faults.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakePaymentProcessor).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        ProcessorState state;
        try
        {
            state = new ProcessorState(options);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var stopping = new CancellationTokenSource();
        var endpoints = new ProcessorEndpoints(state, options, stopping.Token);
        app.MapPost("/v1/charges", endpoints.ChargeAsync);
        app.MapPost("/v1/refunds", endpoints.RefundAsync);
        app.MapGet("/ledger", endpoints.LedgerAsync);
        app.MapGet("/admin/faults", endpoints.GetFaultsAsync);
        app.MapPut("/admin/faults", endpoints.PutFaultsAsync);
        app.MapGet("/health", (RequestDelegate)(http => http.Response.WriteAsync("ok", http.RequestAborted)));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            state.Dispose();
            throw;
        }

        var address = app.Urls.First();
        return new FakePaymentProcessor(app, state, stopping, new Uri(address.TrimEnd('/') + "/"), options.ApiKey);
    }

    /// <summary>The captures and refunds so far, optionally for one order.</summary>
    public LedgerSnapshot Ledger(string? orderId = null) => _state.Ledger(orderId);

    /// <summary>How many requests arrived with <paramref name="idempotencyKey"/> (including rejected and replayed ones).</summary>
    public int RequestCount(string idempotencyKey) => _state.RequestCount(idempotencyKey);

    /// <summary>Stops Kestrel (ending slow requests) and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
        _state.Dispose();
    }
}
