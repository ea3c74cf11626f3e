using System.Net;
using System.Threading.RateLimiting;
using Amazon.SQS;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Loopback;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Local.Api;

/// <summary>The local HTTP API on 127.0.0.1 (port 3000 in the interactive run, a free port in tests).</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AcceptedOrderJournal _journal;
    private readonly PartitionedRateLimiter<string> _limiter;

    private ApiServer(WebApplication app, AcceptedOrderJournal journal, PartitionedRateLimiter<string> limiter)
    {
        _app = app;
        _journal = journal;
        _limiter = limiter;
    }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:3000</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts the API on loopback; port 0 takes a free one.</summary>
    public static async Task<ApiServer> StartAsync(int port, ApiOptions options, IAmazonSQS sqs, StatusInvoker status, HealthProbe health, CancellationToken cancellationToken, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Fulfilment orders API";
            document.Info.Description = "Post orders for fulfilment and read their status. Every request needs the x-api-key header; errors are application/problem+json.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseLoopbackHostsOnly(); // DNS rebinding: a page that points its own name at 127.0.0.1 gets 421, not orders
        var journal = await AcceptedOrderJournal.OpenAsync(options.AcceptedOrdersDatabasePath, cancellationToken);
        var limiter = PartitionedRateLimiter.Create<string, string>(apiKey =>
        {
            var plan = options.ApiKeys.TryGetValue(apiKey, out var p) ? p : UsagePlan.Default;
            return RateLimitPartition.GetTokenBucketLimiter(apiKey, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = plan.Burst,
                TokensPerPeriod = plan.RatePerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        var acceptance = new OrderAcceptance(journal, sqs, options.QueueUrl);
        app.MapOpenApi("/openapi.json");
        OrdersEndpoints.Map(app, options, acceptance, limiter, status, health, TimeProvider.System);

        await app.StartAsync(cancellationToken);
        var server = new ApiServer(app, journal, limiter);
        server.BaseAddress = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _journal.DisposeAsync();
        _limiter.Dispose();
    }
}
