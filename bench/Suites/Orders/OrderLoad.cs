using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Fulfilment.Bench.Suites.Orders;

/// <summary>One order a load run posts: the SKU, quantity and payment token, and its Idempotency-Key (kept for retries).</summary>
internal sealed record PlannedOrder(string Sku, int Quantity, string PaymentToken = "tok_ok")
{
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString();

    public string Body => $$"""{"customerId":"cust-bench","lines":[{"sku":"{{Sku}}","quantity":{{Quantity}},"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"{{PaymentToken}}"}""";
}

/// <summary>What one POST gave: the order id and when the request started (wall clock, the same clock the events carry).</summary>
internal sealed record Posted(string OrderId, DateTimeOffset PostedAt, PlannedOrder Order);

/// <summary>
/// Posts orders to the HTTP API with a fixed concurrency, retrying 429/5xx/connection failures with the same
/// Idempotency-Key and body (so a retry can never make a second order), as a well-behaved storefront would.
/// </summary>
internal sealed class OrderPoster(Uri apiUrl, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = apiUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public long Retries;

    public async Task<IReadOnlyList<Posted>> PostAllAsync(IReadOnlyList<PlannedOrder> orders, int concurrency, CancellationToken ct)
    {
        var posted = new ConcurrentBag<Posted>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (order, token) =>
        {
            posted.Add(await PostAsync(order, token));
        });
        return [.. posted];
    }

    public async Task<Posted> PostAsync(PlannedOrder order, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(order.Body, Encoding.UTF8, "application/json") };
                request.Headers.Add("x-api-key", apiKey);
                request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
                using var response = await _http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var document = JsonDocument.Parse(text);
                    return new Posted(document.RootElement.GetProperty("orderId").GetString()!, started, order);
                }

                if ((int)response.StatusCode is not (429 or >= 500) || attempt >= 50)
                {
                    throw new InvalidOperationException($"POST /orders answered {(int)response.StatusCode}: {text}");
                }
            }
            catch (HttpRequestException) when (attempt < 50)
            {
            }

            Interlocked.Increment(ref Retries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 50 * attempt)), ct);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Follows the events file: the first terminal event of each order and when it happened (its <c>occurredAt</c>).</summary>
internal sealed class TerminalEvents(string eventsFile)
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal) { "Completed", "Rejected", "PaymentFailed", "CompensationFailed" };
    private readonly ConcurrentDictionary<string, (string Status, DateTimeOffset At)> _terminal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(string Status, DateTimeOffset At)>> _waiters = new(StringComparer.Ordinal);
    private long _offset;

    public string File { get; set; } = eventsFile;

    public IReadOnlyDictionary<string, (string Status, DateTimeOffset At)> Seen => _terminal;

    /// <summary>Reads what was appended since the last call.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (!System.IO.File.Exists(File))
        {
            return;
        }

        await using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _offset)
        {
            _offset = 0;
        }

        stream.Seek(_offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }

        _offset += Encoding.UTF8.GetByteCount(text.AsSpan(0, end + 1));
        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var detail = document.RootElement.GetProperty("detail");
            var status = detail.GetProperty("status").GetString()!;
            if (Terminal.Contains(status))
            {
                var orderId = detail.GetProperty("orderId").GetString()!;
                var seen = (status, detail.GetProperty("occurredAt").GetDateTimeOffset());
                if (_terminal.TryAdd(orderId, seen) && _waiters.TryRemove(orderId, out var waiter))
                {
                    waiter.TrySetResult(seen);
                }
            }
        }
    }

    /// <summary>Completes when the order's terminal event was read (call <see cref="FollowAsync"/> meanwhile).</summary>
    public Task<(string Status, DateTimeOffset At)> TerminalOfAsync(string orderId)
    {
        var waiter = _waiters.GetOrAdd(orderId, _ => new TaskCompletionSource<(string, DateTimeOffset)>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_terminal.TryGetValue(orderId, out var seen) && _waiters.TryRemove(orderId, out var done))
        {
            done.TrySetResult(seen);
        }

        return waiter.Task;
    }

    /// <summary>Reads the file every 50 ms until cancelled, completing <see cref="TerminalOfAsync"/> waiters.</summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await RefreshAsync(ct);
            try
            {
                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits until every id has a terminal event, or nothing new arrived for <paramref name="quiet"/>; returns the ids still missing.</summary>
    public async Task<IReadOnlyList<string>> WaitAsync(IReadOnlyCollection<string> ids, TimeSpan quiet, TimeSpan deadline, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        var lastProgress = Stopwatch.StartNew();
        var lastCount = -1;
        while (true)
        {
            await RefreshAsync(ct);
            var missing = ids.Where(id => !_terminal.ContainsKey(id)).ToList();
            if (missing.Count == 0 || until.Elapsed > deadline || lastProgress.Elapsed > quiet)
            {
                return missing;
            }

            if (missing.Count != lastCount)
            {
                lastCount = missing.Count;
                lastProgress.Restart();
            }

            await Task.Delay(250, ct);
        }
    }
}

/// <summary>Percentiles and formatting shared by the order suites.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static int IntArg(IReadOnlyList<string> args, string name, int fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static double DoubleArg(IReadOnlyList<string> args, string name, double fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
