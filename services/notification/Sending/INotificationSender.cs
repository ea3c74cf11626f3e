using Fulfilment.Contracts.Steps;

namespace Fulfilment.Notification.Sending;

/// <summary>Delivers a rendered customer message. Receivers dedupe on <see cref="OutgoingNotification.NotificationId"/>.</summary>
public interface INotificationSender
{
    /// <summary>Sends the message; throws when it was not accepted.</summary>
    Task SendAsync(OutgoingNotification notification, CancellationToken cancellationToken);
}

/// <summary>A message ready to send; <see cref="NotificationId"/> is stable per (order, kind) and is the idempotency key.</summary>
public sealed record OutgoingNotification(
    string NotificationId,
    string OrderId,
    string CustomerId,
    NotificationKind Kind,
    string Subject,
    string Body,
    string? CorrelationId);
