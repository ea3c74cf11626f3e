using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Steps;

/// <summary>The customer messages the workflow sends; at most one of each kind per order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    /// <summary>Paid and on its way.</summary>
    OrderConfirmed,

    /// <summary>Out of stock: nothing was charged.</summary>
    OrderRejected,

    /// <summary>The payment did not go through: nothing was charged and the stock was released.</summary>
    PaymentFailed,
}

/// <summary>Input of the notification <c>notify</c> handler.</summary>
public sealed record NotifyCustomerRequest(
    string OrderId,
    string CustomerId,
    NotificationKind Kind,
    string? Reason = null,
    string? CorrelationId = null);

/// <summary>Output of <c>notify</c>; <see cref="AlreadySent"/> when an earlier call had sent it.</summary>
public sealed record NotifyCustomerResult(string OrderId, NotificationKind Kind, string NotificationId, bool AlreadySent);
