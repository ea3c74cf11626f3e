using Fulfilment.Contracts.Steps;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Inventory.Internal;

/// <summary>The service's log lines, source-generated (no boxing, AOT-safe); fields are structured, orderId first.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Reserved {LineCount} SKU line(s) for order {OrderId} (correlation {CorrelationId})")]
    public static partial void Reserved(ILogger logger, string orderId, int lineCount, string? correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation for order {OrderId} already exists with status {Status}: returning it (replay)")]
    public static partial void ReserveReplayed(ILogger logger, string orderId, ReservationStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} is short of stock: {Shortages}")]
    public static partial void InsufficientStock(ILogger logger, string orderId, string shortages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient DynamoDB failure on {Operation} for order {OrderId} (attempt {Attempt}): {Error}; retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string orderId, int attempt, string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Release of order {OrderId} without a reservation: nothing to do (no-op)")]
    public static partial void ReleaseUnknown(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation for order {OrderId} moved to {Status}")]
    public static partial void Transitioned(ILogger logger, string orderId, ReservationStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation for order {OrderId} is already {Status}: nothing to do (replay)")]
    public static partial void TransitionReplayed(ILogger logger, string orderId, ReservationStatus status);
}
