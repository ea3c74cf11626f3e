using System.Text;
using Fulfilment.Aws.EventBridge.Model;

namespace Fulfilment.Aws.EventBridge;

/// <summary>
/// Puts any number of events: splits them into <c>PutEvents</c> calls of at most 10 entries and 256 KB, retries only
/// the entries that failed transiently, and never reports an entry as delivered unless EventBridge gave it an id.
/// </summary>
public sealed class EventPublisher
{
    /// <summary>AWS limit on entries per call.</summary>
    public const int MaxEntriesPerCall = 10;

    /// <summary>AWS limit on the summed entry size per call (bytes, as AWS computes it).</summary>
    public const int MaxBytesPerCall = 256 * 1024;

    private readonly EventBridgeClient _client;
    private readonly int _maxEntryAttempts;
    private readonly TimeSpan _retryBaseDelay;

    /// <summary>Creates a publisher; <paramref name="maxEntryAttempts"/> bounds how often one failed entry is sent.</summary>
    public EventPublisher(EventBridgeClient client, int maxEntryAttempts = 4, TimeSpan? retryBaseDelay = null)
    {
        _client = client;
        _maxEntryAttempts = Math.Max(1, maxEntryAttempts);
        _retryBaseDelay = retryBaseDelay ?? TimeSpan.FromMilliseconds(100);
    }

    /// <summary>The size AWS counts for an entry (Time 14 bytes, then the UTF-8 bytes of Source, DetailType, Detail, Resources).</summary>
    public static int EntrySize(PutEventsRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = entry.Time is null ? 0 : 14;
        size += Utf8(entry.Source) + Utf8(entry.DetailType) + Utf8(entry.Detail);
        foreach (var resource in entry.Resources ?? [])
        {
            size += Utf8(resource);
        }

        return size;
    }

    /// <summary>Puts all entries; the result has one entry per input, in order, with an <c>EventId</c> or an error.</summary>
    public async Task<PutEventsResponse> PublishAsync(IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var results = new PutEventsResultEntry?[entries.Count];
        var pending = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (EntrySize(entries[i]) > MaxBytesPerCall)
            {
                results[i] = new PutEventsResultEntry { ErrorCode = "EntryTooLarge", ErrorMessage = $"The entry is {EntrySize(entries[i])} bytes; EventBridge accepts at most {MaxBytesPerCall}." };
            }
            else
            {
                pending.Add(i);
            }
        }

        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var retry = new List<int>();
            foreach (var batch in Batches(entries, pending))
            {
                await SendBatchAsync(entries, batch, results, retry, attempt, cancellationToken);
            }

            pending = retry;
            if (pending.Count > 0)
            {
#pragma warning disable CA5394 // Jitter is not security relevant.
                var delay = _retryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
                await Task.Delay(TimeSpan.FromMilliseconds(delay), cancellationToken);
            }
        }

        var final = results.Select(r => r ?? new PutEventsResultEntry { ErrorCode = "InternalFailure", ErrorMessage = "The entry was not sent." }).ToList();
        return new PutEventsResponse { Entries = final, FailedEntryCount = final.Count(r => r.EventId is null) };
    }

    private async Task SendBatchAsync(
        IReadOnlyList<PutEventsRequestEntry> entries, List<int> batch, PutEventsResultEntry?[] results, List<int> retry, int attempt, CancellationToken cancellationToken)
    {
        PutEventsResponse response;
        try
        {
            response = await _client.PutEventsAsync(new PutEventsRequest { Entries = batch.Select(i => entries[i]).ToList() }, cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            // The transport already retried throttling and 5xx; a whole-call failure fails every entry of the batch.
            foreach (var index in batch)
            {
                results[index] = new PutEventsResultEntry { ErrorCode = ex.ErrorCode, ErrorMessage = ex.Message };
                if (ex.IsRetryable && attempt < _maxEntryAttempts)
                {
                    retry.Add(index);
                }
            }

            return;
        }

        for (var j = 0; j < batch.Count; j++)
        {
            var index = batch[j];
            var result = j < response.Entries.Count ? response.Entries[j] : null;
            if (result is { EventId: not null, ErrorCode: null })
            {
                results[index] = result;
                continue;
            }

            results[index] = result ?? new PutEventsResultEntry { ErrorCode = "InternalFailure", ErrorMessage = "PutEvents returned no result for the entry." };
            if (IsTransient(results[index]!.ErrorCode) && attempt < _maxEntryAttempts)
            {
                retry.Add(index);
            }
        }
    }

    private static bool IsTransient(string? errorCode) =>
        errorCode is "InternalFailure" or "InternalException" or "ThrottlingException" or "Throttling" or "ServiceUnavailable" or null;

    private static IEnumerable<List<int>> Batches(IReadOnlyList<PutEventsRequestEntry> entries, List<int> indexes)
    {
        var batch = new List<int>();
        var bytes = 0;
        foreach (var index in indexes)
        {
            var size = EntrySize(entries[index]);
            if (batch.Count == MaxEntriesPerCall || (batch.Count > 0 && bytes + size > MaxBytesPerCall))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(index);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static int Utf8(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);
}
