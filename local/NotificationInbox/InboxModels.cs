using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Local.NotificationInbox;

/// <summary>A notification as the webhook receives it.</summary>
public sealed record InboxNotification(
    string NotificationId,
    string OrderId,
    string CustomerId,
    string Kind,
    string Subject,
    string Body,
    string? CorrelationId = null);

/// <summary>A received notification with its idempotency key and arrival time.</summary>
public sealed record ReceivedNotification(InboxNotification Notification, string IdempotencyKey, DateTimeOffset ReceivedAt);

/// <summary>The answer to a POST: whether the key had been seen before.</summary>
public sealed record InboxReceipt(string IdempotencyKey, bool Duplicate);

/// <summary>The answer of <c>GET /notifications</c>.</summary>
public sealed record InboxListing(IReadOnlyList<ReceivedNotification> Notifications, long Duplicates, long Dropped);

/// <summary>Source-generated JSON for the inbox (camelCase, like the contracts).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboxNotification))]
[JsonSerializable(typeof(InboxReceipt))]
[JsonSerializable(typeof(InboxListing))]
internal sealed partial class InboxJsonContext : JsonSerializerContext
{
}
