namespace Fulfilment.Local.PaymentProcessor.Internal;

/// <summary>A response the processor remembers for an idempotency key and answers again, byte for byte, on a replay.</summary>
internal sealed record StoredResponse(int StatusCode, byte[] Body);

/// <summary>How a request with an idempotency key may proceed.</summary>
internal enum BeginOutcome
{
    /// <summary>First use of the key (or a retry after a transient failure): process it.</summary>
    Started,

    /// <summary>The key was completed before: answer the stored response.</summary>
    Replay,

    /// <summary>Another request with the key is being processed right now: 409.</summary>
    InProgress,

    /// <summary>The key was used with another request body: 422.</summary>
    Mismatch,
}

/// <summary>
/// Everything the processor remembers, behind one lock: idempotency keys, charges, the ledger and request counts.
/// Every operation is short; slow behaviours (latency, <c>tok_slow</c>) wait outside the lock. With a journal, completed
/// keys and the ledger survive a restart (request counts, flaky-token progress and fault settings do not).
/// </summary>
internal sealed class ProcessorState : IDisposable
{
    private readonly Lock _gate = new();
    private readonly BoundedMap<string, KeyEntry> _keys;
    private readonly BoundedMap<string, ChargeEntry> _charges;
    private readonly BoundedMap<string, int> _requestCounts;
    private readonly Queue<LedgerEntry> _captures = new();
    private readonly Queue<LedgerEntry> _refunds = new();
    private readonly int _maxLedgerEntries;
    private long _dropped;
    private long _totalRequests;
    private readonly ProcessorJournal? _journal;
    private FaultSettings _faults;

    public ProcessorState(FakePaymentProcessorOptions options)
    {
        _keys = new BoundedMap<string, KeyEntry>(options.MaxRememberedKeys, StringComparer.Ordinal);
        _charges = new BoundedMap<string, ChargeEntry>(options.MaxRememberedKeys, StringComparer.Ordinal);
        _requestCounts = new BoundedMap<string, int>(options.MaxRememberedKeys, StringComparer.Ordinal);
        _maxLedgerEntries = options.MaxLedgerEntries;
        _faults = options.Faults;
        if (options.JournalPath is { } path)
        {
            (_journal, var lines) = ProcessorJournal.Open(path);
            foreach (var line in lines)
            {
                Restore(line);
            }
        }
    }

    /// <summary>How many completed keys were read back from the journal at start.</summary>
    public int RestoredKeys { get; private set; }

    public FaultSettings Faults
    {
        get => Volatile.Read(ref _faults);
        set => Volatile.Write(ref _faults, value);
    }

    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    public void CountRequest(string? idempotencyKey)
    {
        Interlocked.Increment(ref _totalRequests);
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            return;
        }

        lock (_gate)
        {
            _requestCounts.Set(idempotencyKey, (_requestCounts.TryGetValue(idempotencyKey, out var n) ? n : 0) + 1);
        }
    }

    public int RequestCount(string idempotencyKey)
    {
        lock (_gate)
        {
            return _requestCounts.TryGetValue(idempotencyKey, out var n) ? n : 0;
        }
    }

    /// <summary>Claims <paramref name="key"/> for a request whose body is <paramref name="fingerprint"/> (a charge or refund body, compared by value).</summary>
    public BeginOutcome Begin(string key, object fingerprint, out StoredResponse? stored)
    {
        stored = null;
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                _keys.Set(key, new KeyEntry(fingerprint) { InFlight = true });
                return BeginOutcome.Started;
            }

            if (!entry.Fingerprint.Equals(fingerprint))
            {
                return BeginOutcome.Mismatch;
            }

            if (entry.InFlight)
            {
                return BeginOutcome.InProgress;
            }

            if (entry.Response is not null)
            {
                stored = entry.Response;
                return BeginOutcome.Replay;
            }

            entry.InFlight = true;
            return BeginOutcome.Started;
        }
    }

    /// <summary>Counts one transient failure for <paramref name="key"/>; true while the key should still fail.</summary>
    public bool ShouldFailFlaky(string key, int failures)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var entry) || entry.FlakyFailuresSoFar >= failures)
            {
                return false;
            }

            entry.FlakyFailuresSoFar++;
            return true;
        }
    }

    /// <summary>Stores the final response of a key (journaled with the ledger entries it made); later replays get it back.</summary>
    public void Complete(string key, StoredResponse response)
    {
        lock (_gate)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                return;
            }

            _journal?.Append(new JournalLine(
                key,
                entry.Fingerprint as ChargeRequestBody,
                entry.Fingerprint as RefundRequestBody,
                response.StatusCode,
                response.Body,
                entry.Captures,
                entry.Refunds));
            entry.Response = response;
            entry.InFlight = false;
            entry.Captures = [];
            entry.Refunds = [];
        }
    }

    /// <summary>Releases a key without a stored response (transient failure): a retry with the key processes it again.</summary>
    public void Abandon(string key)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(key, out var entry))
            {
                entry.InFlight = false;
            }
        }
    }

    public LedgerEntry Capture(ChargeRequestBody request, string key, DateTimeOffset now)
    {
        var entry = new LedgerEntry("ch_" + Guid.NewGuid().ToString("N")[..24], request.OrderId, request.Amount, request.Currency, key, now);
        lock (_gate)
        {
            _charges.Set(entry.Id, new ChargeEntry(entry));
            Append(_captures, entry);
            Pending(key)?.Captures.Add(entry);
        }

        return entry;
    }

    /// <summary>Refunds <paramref name="amount"/> (or the rest) of a charge; returns the entry or the reason it cannot.</summary>
    public (LedgerEntry? Refund, ErrorDetail? Error, int Status) Refund(RefundRequestBody request, string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_charges.TryGetValue(request.Charge, out var charge))
            {
                return (null, new ErrorDetail("invalid_request_error", "resource_missing", $"No such charge: '{request.Charge}'."), 404);
            }

            var left = charge.Capture.Amount - charge.Refunded;
            var amount = request.Amount ?? left;
            if (left == 0)
            {
                return (null, new ErrorDetail("invalid_request_error", "charge_already_refunded", $"Charge {request.Charge} has already been refunded."), 400);
            }

            if (amount <= 0 || amount > left)
            {
                return (null, new ErrorDetail("invalid_request_error", "amount_too_large", $"Refund amount {amount} is not between 1 and the {left} left on charge {request.Charge}."), 400);
            }

            charge.Refunded += amount;
            var entry = new LedgerEntry("re_" + Guid.NewGuid().ToString("N")[..24], charge.Capture.OrderId, amount, charge.Capture.Currency, key, now, charge.Capture.Id);
            Append(_refunds, entry);
            Pending(key)?.Refunds.Add(entry);
            return (entry, null, 200);
        }
    }

    public LedgerSnapshot Ledger(string? orderId)
    {
        lock (_gate)
        {
            return new LedgerSnapshot(
                _captures.Where(e => orderId is null || e.OrderId == orderId).ToList(),
                _refunds.Where(e => orderId is null || e.OrderId == orderId).ToList(),
                _dropped);
        }
    }

    public void Dispose() => _journal?.Dispose();

    private KeyEntry? Pending(string key) => _keys.TryGetValue(key, out var entry) ? entry : null;

    private void Restore(JournalLine line)
    {
        var fingerprint = (object?)line.Charge ?? line.Refund ?? throw new InvalidDataException($"Journal record for key '{line.Key}' has neither a charge nor a refund body.");
        _keys.Set(line.Key, new KeyEntry(fingerprint) { Response = new StoredResponse(line.Status, line.Body) });
        foreach (var capture in line.Captures)
        {
            _charges.Set(capture.Id, new ChargeEntry(capture));
            Append(_captures, capture);
        }

        foreach (var refund in line.Refunds)
        {
            if (refund.Charge is { } charge && _charges.TryGetValue(charge, out var refunded))
            {
                refunded.Refunded += refund.Amount;
            }

            Append(_refunds, refund);
        }

        RestoredKeys++;
    }

    private void Append(Queue<LedgerEntry> queue, LedgerEntry entry)
    {
        queue.Enqueue(entry);
        while (queue.Count > _maxLedgerEntries)
        {
            queue.Dequeue();
            _dropped++;
        }
    }

    private sealed class KeyEntry(object fingerprint)
    {
        public object Fingerprint { get; } = fingerprint;

        public bool InFlight { get; set; }

        public StoredResponse? Response { get; set; }

        public int FlakyFailuresSoFar { get; set; }

        /// <summary>Ledger entries made by the request in flight, journaled with its answer.</summary>
        public List<LedgerEntry> Captures { get; set; } = [];

        public List<LedgerEntry> Refunds { get; set; } = [];
    }

    private sealed class ChargeEntry(LedgerEntry capture)
    {
        public LedgerEntry Capture { get; } = capture;

        public long Refunded { get; set; }
    }
}
