using System.Text.Json;
using Amazon.SQS.Model;

namespace Fulfilment.Local.Lambda.Sqs;

/// <summary>Reads a partial batch response with Lambda's rules for what counts as success and as a complete failure.</summary>
internal static class BatchItemFailures
{
    /// <summary>
    /// The message ids to keep (retry); empty for a complete success (no/empty/null response or <c>batchItemFailures</c>);
    /// null for a complete failure (invalid JSON, an empty/null/unknown <c>itemIdentifier</c>), as Lambda defines them.
    /// </summary>
    public static HashSet<string>? Parse(byte[]? response, IReadOnlyList<Message> batch)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        if (response is null || response.Length == 0)
        {
            return keep;
        }

        try
        {
            using var document = JsonDocument.Parse(response);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return keep;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
            {
                return keep;
            }

            if (failures.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var ids = batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
            foreach (var failure in failures.EnumerateArray())
            {
                if (failure.ValueKind != JsonValueKind.Object
                    || !failure.TryGetProperty("itemIdentifier", out var id)
                    || id.ValueKind != JsonValueKind.String
                    || id.GetString() is not { Length: > 0 } messageId
                    || !ids.Contains(messageId))
                {
                    return null;
                }

                keep.Add(messageId);
            }

            return keep;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
