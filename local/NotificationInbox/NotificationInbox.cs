using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Local.NotificationInbox;

/// <summary>
/// The local customer-notification webhook on 127.0.0.1: <c>POST /notifications</c> (deduped by
/// <c>Idempotency-Key</c>, so a resend after a crash is shown once) and <c>GET /notifications[?orderId=]</c>.
/// Keeps at most <see cref="NotificationInboxOptions.MaxNotifications"/>; stopped on dispose.
/// </summary>
public sealed class NotificationInbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Queue<ReceivedNotification> _received = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly NotificationInboxOptions _options;
    private long _duplicates;
    private long _dropped;
    private int _disposed;

    private NotificationInbox(WebApplication app, NotificationInboxOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The URL to give the sender as <c>NOTIFICATION_WEBHOOK_URL</c>.</summary>
    public Uri WebhookUrl => new(BaseAddress, "notifications");

    /// <summary>How many resends were recognised and not listed again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Starts the inbox and returns once it accepts connections.</summary>
    public static async Task<NotificationInbox> StartAsync(NotificationInboxOptions? options, CancellationToken cancellationToken)
    {
        options ??= new NotificationInboxOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNotifications, 1);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(NotificationInbox).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var inbox = new NotificationInbox(app, options);
        app.MapPost("/notifications", inbox.ReceiveAsync);
        app.MapGet("/notifications", inbox.ListAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        inbox.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return inbox;
    }

    /// <summary>The notifications received so far (each idempotency key once), optionally for one order.</summary>
    public IReadOnlyList<ReceivedNotification> Received(string? orderId = null)
    {
        lock (_gate)
        {
            return [.. _received.Where(r => orderId is null || r.Notification.OrderId == orderId)];
        }
    }

    /// <summary>Stops Kestrel and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(key))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("An Idempotency-Key header is required.", http.RequestAborted);
            return;
        }

        InboxNotification? notification = null;
        try
        {
            notification = await JsonSerializer.DeserializeAsync(http.Request.Body, InboxJsonContext.Default.InboxNotification, http.RequestAborted);
        }
        catch (JsonException)
        {
        }

        if (notification is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("The body is not a notification JSON object.", http.RequestAborted);
            return;
        }

        var duplicate = !Add(new ReceivedNotification(notification, key, _options.TimeProvider.GetUtcNow()));
        await http.Response.WriteAsJsonAsync(new InboxReceipt(key, duplicate), InboxJsonContext.Default.InboxReceipt, cancellationToken: http.RequestAborted);
    }

    private Task ListAsync(HttpContext http)
    {
        var orderId = http.Request.Query["orderId"].FirstOrDefault();
        var listing = new InboxListing(Received(orderId), Duplicates, Interlocked.Read(ref _dropped));
        return http.Response.WriteAsJsonAsync(listing, InboxJsonContext.Default.InboxListing, cancellationToken: http.RequestAborted);
    }

    private bool Add(ReceivedNotification received)
    {
        lock (_gate)
        {
            if (!_keys.Add(received.IdempotencyKey))
            {
                _duplicates++;
                return false;
            }

            _received.Enqueue(received);
            while (_received.Count > _options.MaxNotifications)
            {
                // Forgetting the key too keeps memory bounded; a resend that old is not a realistic case here.
                _keys.Remove(_received.Dequeue().IdempotencyKey);
                _dropped++;
            }

            return true;
        }
    }
}

/// <summary>How a <see cref="NotificationInbox"/> starts.</summary>
public sealed class NotificationInboxOptions
{
    /// <summary>The loopback port; 0 asks the OS for a free one.</summary>
    public int Port { get; init; }

    /// <summary>How many notifications are kept before the oldest are dropped.</summary>
    public int MaxNotifications { get; init; } = 10_000;

    /// <summary>The clock for arrival times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
