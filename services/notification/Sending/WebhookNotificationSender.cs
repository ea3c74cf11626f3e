using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Notification.Sending;

/// <summary>
/// Posts notifications as JSON to a webhook (<c>NOTIFICATION_WEBHOOK_URL</c>; locally the notification inbox) with an
/// <c>Idempotency-Key</c> header, so a resend after a crash between sending and recording is shown once.
/// </summary>
public sealed class WebhookNotificationSender : INotificationSender
{
    /// <summary>Environment variable with the webhook URL.</summary>
    public const string UrlVariable = "NOTIFICATION_WEBHOOK_URL";

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the sender; one attempt per call within <paramref name="timeout"/> (the workflow retries).</summary>
    public WebhookNotificationSender(HttpClient http, Uri url, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        _http = http;
        _url = url;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
    }

    /// <inheritdoc />
    public async Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var body = new WebhookBody(
            notification.NotificationId, notification.OrderId, notification.CustomerId, notification.Kind.ToString(),
            notification.Subject, notification.Body, notification.CorrelationId);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = JsonContent.Create(body, WebhookJsonContext.Default.WebhookBody) };
        request.Headers.Add("Idempotency-Key", notification.NotificationId);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The notification webhook {_url} answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The notification webhook {_url} did not answer within {_timeout.TotalSeconds:F1} s.", ex);
        }
    }
}

/// <summary>The webhook's JSON body.</summary>
internal sealed record WebhookBody(string NotificationId, string OrderId, string CustomerId, string Kind, string Subject, string Body, string? CorrelationId);

/// <summary>Source-generated JSON for the webhook body (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookBody))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext
{
}
