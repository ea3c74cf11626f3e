using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Fulfilment.Inventory.Internal;

/// <summary>Which DynamoDB failures are worth another attempt: conflicts, throttling and server errors.</summary>
internal static class TransientFailures
{
    private static readonly HashSet<string> TransientReasonCodes = new(StringComparer.Ordinal)
    {
        "TransactionConflict",
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "RequestLimitExceeded",
        "InternalServerError",
    };

    /// <summary>True when any cancellation reason is transient (a conflict on one item cancels the whole transaction).</summary>
    public static bool IsTransient(TransactionCanceledException canceled) =>
        (canceled.CancellationReasons ?? []).Any(r => r.Code is not null && TransientReasonCodes.Contains(r.Code));

    public static bool IsTransient(AmazonServiceException exception) => exception switch
    {
        TransactionCanceledException canceled => IsTransient(canceled),
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException
            or TransactionInProgressException => true,
        _ => exception.ErrorCode is "ThrottlingException" or "Throttling" or "ServiceUnavailable"
             || (int)exception.StatusCode >= 500
             || exception.StatusCode == HttpStatusCode.TooManyRequests,
    };
}
