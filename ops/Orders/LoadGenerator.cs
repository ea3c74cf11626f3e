using Fulfilment.Contracts.Orders;

namespace Fulfilment.Ops.Orders;

/// <summary>What `orders submit` sends.</summary>
internal sealed record LoadPlan(int Count, double? Rate, IReadOnlyList<string> Skus, int Quantity, long UnitPriceMinor, string PaymentToken, int Concurrency, bool Wait, TimeSpan WaitTimeout);

/// <summary>`orders submit`: how it went.</summary>
public sealed record SubmitSummary(
    int Requested,
    int Accepted,
    IReadOnlyDictionary<string, int> Rejected,
    IReadOnlyDictionary<string, int> FinalStatuses,
    IReadOnlyList<string> OrderIds,
    double ElapsedSeconds,
    IReadOnlyList<string> Problems);

/// <summary>Posts orders at a steady rate with bounded concurrency; optionally waits for each to reach a terminal status.</summary>
internal sealed class LoadGenerator(OrdersApi api)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<SubmitSummary> RunAsync(LoadPlan plan, Action<string> progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var orderIds = new string?[plan.Count];
        var statuses = new int[plan.Count];
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var gate = new SemaphoreSlim(plan.Concurrency);
        var tasks = new List<Task>(plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan.Rate is { } rate)
            {
                // Open-loop pacing: order i leaves at i / rate seconds, however long earlier ones take.
                var due = started + TimeSpan.FromSeconds(i / rate);
                var wait = due - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            await gate.WaitAsync(ct);
            var index = i;
            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        var sku = plan.Skus[index % plan.Skus.Count];
                        var order = new CreateOrderRequest("cust-fulfil-" + (index % 50), [new OrderLine(sku, plan.Quantity, plan.UnitPriceMinor)], "EUR", plan.PaymentToken);
                        var (status, accepted, problem) = await api.SubmitAsync(order, Guid.NewGuid().ToString(), ct);
                        statuses[index] = status;
                        orderIds[index] = accepted?.OrderId;
                        if (problem is not null && problems.Count < 5)
                        {
                            problems.Enqueue($"{status}: {problem}");
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        statuses[index] = 0;
                        problems.Enqueue($"transport: {ex.Message}");
                    }
                    finally
                    {
                        gate.Release();
                        progress("submitted");
                    }
                },
                ct));
        }

        await Task.WhenAll(tasks);
        var final = new Dictionary<string, int>(StringComparer.Ordinal);
        if (plan.Wait)
        {
            var ids = orderIds.OfType<string>().ToList();
            var results = await Task.WhenAll(ids.Select(id => WaitForTerminalAsync(id, plan.WaitTimeout, progress, ct)));
            foreach (var status in results)
            {
                final[status] = final.GetValueOrDefault(status) + 1;
            }
        }

        var rejected = statuses.Where(s => s is not (200 or 202))
            .GroupBy(s => s == 0 ? "transport" : s.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new SubmitSummary(plan.Count, orderIds.Count(id => id is not null), rejected, final, orderIds.OfType<string>().ToList(),
            (DateTimeOffset.UtcNow - started).TotalSeconds, problems.ToList());
    }

    private async Task<string> WaitForTerminalAsync(string orderId, TimeSpan timeout, Action<string> progress, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string last = "NotRecorded";
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await api.GetAsync(orderId, ct) is { } view)
            {
                last = view.Status.ToString();
                if (OrderStatuses.IsTerminal(view.Status))
                {
                    progress("terminal");
                    return last;
                }
            }

            await Task.Delay(PollInterval, ct);
        }

        progress("terminal");
        return "StillInProgress:" + last;
    }
}
