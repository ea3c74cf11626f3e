using System.Text.Json;
using Fulfilment.Local.Edge.Dispatch;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Chaos;

/// <summary>Applies the configured chaos rules to one request: adds latency, or answers a fault instead of the service.</summary>
internal sealed class ChaosInjector(ChaosOptions options)
{
    private readonly Random _random = options.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _gate = new();

    public bool Enabled => options.Rules.Count > 0;

    /// <summary>Returns true when a fault was written and the request must not go on.</summary>
    public async Task<bool> TryInjectAsync(HttpContext context, string target, string operation, byte[] body)
    {
        foreach (var rule in options.Rules)
        {
            if (!(rule.Operation == "*" || rule.Operation == operation || rule.Operation == target) || !Draw(rule.Rate))
            {
                continue;
            }

            var dynamo = target.StartsWith("DynamoDB_", StringComparison.Ordinal);
            switch (rule.Fault)
            {
                case ChaosFault.Latency:
                    await Task.Delay(rule.Latency, context.RequestAborted);
                    break;
                case ChaosFault.Throttling:
                    await AwsErrorResponse.WriteAsync(context, 400,
                        dynamo ? "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" : "ThrottlingException",
                        "Rate exceeded (injected by the local edge's chaos rules).");
                    return true;
                case ChaosFault.ServerError:
                    await AwsErrorResponse.WriteAsync(context, 500,
                        dynamo ? "com.amazonaws.dynamodb.v20120810#InternalServerError" : "InternalFailure",
                        "Internal server error (injected by the local edge's chaos rules).");
                    return true;
                case ChaosFault.TransactionConflict:
                    await WriteConflictAsync(context, operation, body);
                    return true;
            }
        }

        return false;
    }

    private static Task WriteConflictAsync(HttpContext context, string operation, byte[] body)
    {
        const string why = "Transaction is ongoing for the item (injected by the local edge's chaos rules).";
        if (operation is not ("TransactWriteItems" or "TransactGetItems"))
        {
            return AwsErrorResponse.WriteAsync(context, 400, "com.amazonaws.dynamodb.v20120810#TransactionConflictException", why);
        }

        // One reason per action, as DynamoDB answers: the SDK exposes them as CancellationReasons.
        var actions = 1;
        try
        {
            using var doc = JsonDocument.Parse(body);
            actions = doc.RootElement.TryGetProperty("TransactItems", out var items) ? Math.Max(1, items.GetArrayLength()) : 1;
        }
        catch (JsonException)
        {
        }

        var reasons = string.Join(',', Enumerable.Repeat($"{{\"Code\":\"TransactionConflict\",\"Message\":\"{why}\"}}", actions));
        return AwsErrorResponse.WriteAsync(context, 400, "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", Enumerable.Repeat("TransactionConflict", actions))}]",
            extraJson: $"{{\"CancellationReasons\":[{reasons}]}}");
    }

    private bool Draw(double rate)
    {
        if (rate >= 1)
        {
            return true;
        }

        lock (_gate)
        {
#pragma warning disable CA5394 // Fault injection is not security relevant.
            return _random.NextDouble() < rate;
#pragma warning restore CA5394
        }
    }
}
