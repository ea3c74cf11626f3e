using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Notification.Sending;
using Fulfilment.Notification.Storage;
using Fulfilment.Notification.Templates;

namespace Fulfilment.Notification;

/// <summary>
/// Sends each (order, kind) notification once: the item is written <c>Pending</c> before sending and <c>Sent</c>
/// after, so a replay of a sent one does nothing and a replay after a crash resends with the same idempotency key,
/// which the receiver dedupes. A failing sender raises the retryable <see cref="ErrorNames.NotificationUnavailable"/>.
/// </summary>
public sealed class NotificationService
{
    private readonly NotificationStore _store;
    private readonly INotificationSender _sender;
    private readonly NotificationTemplates _templates;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public NotificationService(NotificationStore store, INotificationSender sender, NotificationTemplates templates, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(templates);
        _store = store;
        _sender = sender;
        _templates = templates;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The stable id (and idempotency key) of an (order, kind) notification.</summary>
    public static string NotificationIdFor(string orderId, NotificationKind kind) => $"ntf-{orderId}-{kind}";

    /// <summary>Renders and sends the notification unless it was sent before (<c>AlreadySent = true</c>).</summary>
    public async Task<NotifyCustomerResult> NotifyAsync(NotifyCustomerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.CustomerId) || !Enum.IsDefined(request.Kind))
        {
            throw new NamedErrorException(ErrorNames.InvalidInput, $"A notification needs an orderId, a customerId and a known kind (order '{request.OrderId}').");
        }

        var id = NotificationIdFor(request.OrderId, request.Kind);
        var existing = await _store.TryCreateAsync(
            new NotificationRecord(request.OrderId, request.Kind, id, NotificationState.Pending, request.CustomerId, _time.GetUtcNow(), CorrelationId: request.CorrelationId),
            cancellationToken);
        if (existing is { State: NotificationState.Sent })
        {
            return new NotifyCustomerResult(request.OrderId, request.Kind, id, AlreadySent: true);
        }

        var message = _templates.Render(request);
        try
        {
            await _sender.SendAsync(
                new OutgoingNotification(id, request.OrderId, request.CustomerId, request.Kind, message.Subject, message.Body, request.CorrelationId),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new NamedErrorException(
                ErrorNames.NotificationUnavailable,
                $"Order {request.OrderId}: the {request.Kind} notification could not be sent ({ex.GetType().Name}: {ex.Message}). " +
                "Safe to retry: the receiver dedupes on the notification id.",
                ex);
        }

        // False only when a concurrent replay recorded it first; the receiver deduped the second send.
        var recorded = await _store.MarkSentAsync(request.OrderId, request.Kind, _time.GetUtcNow(), cancellationToken);
        return new NotifyCustomerResult(request.OrderId, request.Kind, id, AlreadySent: !recorded);
    }
}
