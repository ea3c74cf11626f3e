namespace Fulfilment.Verification;

/// <summary>
/// Checks Fulfilment's promises on a <see cref="SystemSnapshot"/>: no lost order, stock conserved, exactly one capture per
/// paid order and a matching refund for every refunded one, no charge without reserved stock, every status event once,
/// nothing unexpected in the DLQ. A pure function of its inputs: it reports violations, it never throws on one.
/// </summary>
public static class InvariantChecker
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal) { "Completed", "Rejected", "PaymentFailed", "CompensationFailed" };
    private static readonly HashSet<string> Paid = new(StringComparer.Ordinal) { "Completed", "PaymentCaptured" };

    /// <summary>Runs every check and returns the report.</summary>
    public static VerificationReport Check(SystemSnapshot snapshot, VerificationExpectations expectations)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(expectations);
        var violations = new List<Violation>();
        var accepted = new HashSet<string>(expectations.AcceptedOrderIds, StringComparer.Ordinal);

        CheckOrders(snapshot, accepted, violations);
        CheckStock(snapshot, expectations, violations);
        CheckMoney(snapshot, accepted, violations);
        CheckEvents(snapshot, accepted, violations);
        CheckDeadLetters(snapshot, expectations, violations);

        var byStatus = accepted.Select(id => snapshot.Orders.TryGetValue(id, out var o) ? o.Status : "(missing)")
            .GroupBy(s => s, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new VerificationReport(accepted.Count, expectations.StockAdded.Count, snapshot.Ledger.Captures.Count, snapshot.Events.Count, byStatus, violations);
    }

    private static void CheckOrders(SystemSnapshot snapshot, HashSet<string> accepted, List<Violation> violations)
    {
        foreach (var id in accepted.Order(StringComparer.Ordinal))
        {
            if (!snapshot.Orders.TryGetValue(id, out var order))
            {
                violations.Add(new(ViolationKind.OrderLost, id, "accepted (202) but there is no order item"));
            }
            else if (!Terminal.Contains(order.Status) && string.IsNullOrWhiteSpace(order.Reason))
            {
                violations.Add(new(ViolationKind.OrderNotTerminal, id, $"status {order.Status} is not terminal and no reason is recorded"));
            }
        }
    }

    private static void CheckStock(SystemSnapshot snapshot, VerificationExpectations expectations, List<Violation> violations)
    {
        // sold must equal what the completed orders took: a SKU that sold more was oversold, less means a lost commit.
        var completedQuantities = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var order in snapshot.Orders.Values.Where(o => o.Status == "Completed"))
        {
            foreach (var line in order.Lines)
            {
                completedQuantities[line.Sku] = completedQuantities.GetValueOrDefault(line.Sku) + line.Quantity;
            }
        }

        foreach (var (sku, added) in expectations.StockAdded.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var stock = snapshot.Stock.GetValueOrDefault(sku) ?? new StockRecord(sku, 0, 0, 0);
            if (stock.Available < 0 || stock.Reserved < 0 || stock.Sold < 0)
            {
                violations.Add(new(ViolationKind.StockNotConserved, sku, $"negative counter: available {stock.Available}, reserved {stock.Reserved}, sold {stock.Sold}"));
            }

            var total = stock.Available + stock.Reserved + stock.Sold;
            if (total != added)
            {
                violations.Add(new(ViolationKind.StockNotConserved, sku, $"available {stock.Available} + reserved {stock.Reserved} + sold {stock.Sold} = {total}, but {added} were added"));
            }

            var completed = completedQuantities.GetValueOrDefault(sku);
            if (stock.Sold != completed)
            {
                violations.Add(new(ViolationKind.SoldMismatch, sku, $"sold {stock.Sold}, but completed orders hold {completed}"));
            }
        }
    }

    private static void CheckMoney(SystemSnapshot snapshot, HashSet<string> accepted, List<Violation> violations)
    {
        var captures = snapshot.Ledger.Captures.ToLookup(c => c.OrderId, StringComparer.Ordinal);
        var refunds = snapshot.Ledger.Refunds.ToLookup(r => r.OrderId, StringComparer.Ordinal);
        if (snapshot.Ledger.Dropped > 0)
        {
            violations.Add(new(ViolationKind.Incomplete, "ledger", $"the processor dropped {snapshot.Ledger.Dropped} ledger entries; raise its MaxLedgerEntries"));
        }

        foreach (var group in captures)
        {
            var orderId = group.Key;
            var count = group.Count();
            if (count > 1)
            {
                violations.Add(new(ViolationKind.DoubleCharge, orderId, $"{count} captures: {string.Join(", ", group.Select(c => c.Id))}"));
            }

            var reservation = snapshot.Reservations.GetValueOrDefault(orderId);
            if (!accepted.Contains(orderId) || reservation is null)
            {
                violations.Add(new(ViolationKind.ChargeWithoutReservation, orderId,
                    accepted.Contains(orderId) ? "captured, but the order has no reservation item" : "captured for an order the API never accepted"));
            }
        }

        foreach (var id in accepted.Order(StringComparer.Ordinal))
        {
            if (!snapshot.Orders.TryGetValue(id, out var order))
            {
                continue; // already OrderLost
            }

            var orderCaptures = captures[id].ToList();
            var orderRefunds = refunds[id].ToList();
            if (Paid.Contains(order.Status))
            {
                if (orderCaptures.Count == 0)
                {
                    violations.Add(new(ViolationKind.CaptureMissing, id, $"status {order.Status} but the processor has no capture"));
                }

                if (orderRefunds.Count > 0)
                {
                    violations.Add(new(ViolationKind.RefundMismatch, id, $"status {order.Status} but the processor refunded it {orderRefunds.Count} time(s)"));
                }
            }
            else if (Terminal.Contains(order.Status) && orderCaptures.Count == 1 && !IsRefunded(orderCaptures[0], orderRefunds))
            {
                // A capture on an order that did not complete must have been refunded exactly once, for the full amount.
                violations.Add(new(ViolationKind.RefundMismatch, id, $"status {order.Status}, captured {orderCaptures[0].Amount} but refunds are [{string.Join(", ", orderRefunds.Select(r => $"{r.Amount} of {r.Charge}"))}]"));
            }
            else if (orderCaptures.Count == 0 && orderRefunds.Count > 0)
            {
                violations.Add(new(ViolationKind.RefundMismatch, id, "refunded without a capture"));
            }
        }

        foreach (var payment in snapshot.Payments.Values.OrderBy(p => p.OrderId, StringComparer.Ordinal))
        {
            var orderCaptures = captures[payment.OrderId].ToList();
            var orderRefunds = refunds[payment.OrderId].ToList();
            if (payment.State == "Refunded" && (orderCaptures.Count != 1 || !IsRefunded(orderCaptures[0], orderRefunds)))
            {
                violations.Add(new(ViolationKind.RefundMismatch, payment.OrderId, $"payment item Refunded, but the ledger has {orderCaptures.Count} capture(s) and {orderRefunds.Count} refund(s)"));
            }
            else if (payment.State == "Captured" && orderCaptures.Count == 0)
            {
                violations.Add(new(ViolationKind.CaptureMissing, payment.OrderId, "payment item Captured, but the processor has no capture"));
            }
        }
    }

    private static bool IsRefunded(LedgerRecord capture, List<LedgerRecord> refunds) =>
        refunds.Count == 1 && refunds[0].Charge == capture.Id && refunds[0].Amount == capture.Amount;

    private static void CheckEvents(SystemSnapshot snapshot, HashSet<string> accepted, List<Violation> violations)
    {
        // Consumers dedupe on eventId: after that, each (orderId, status) must have exactly one event.
        var distinct = snapshot.Events
            .GroupBy(e => e.EventId, StringComparer.Ordinal)
            .Select(g => g.First())
            .GroupBy(e => (e.OrderId, e.Status))
            .ToDictionary(g => g.Key, g => g.ToList());

        foreach (var ((orderId, status), events) in distinct)
        {
            if (events.Count > 1)
            {
                violations.Add(new(ViolationKind.EventDuplicated, orderId, $"{status} published under {events.Count} event ids: {string.Join(", ", events.Select(e => e.EventId))}"));
            }

            if (snapshot.Orders.TryGetValue(orderId, out var order) && !order.StatusHistory.Contains(status, StringComparer.Ordinal))
            {
                violations.Add(new(ViolationKind.EventDuplicated, orderId, $"event for {status}, a status the order never recorded (history: {string.Join(" > ", order.StatusHistory)})"));
            }
        }

        foreach (var id in accepted.Order(StringComparer.Ordinal))
        {
            if (!snapshot.Orders.TryGetValue(id, out var order) || !Terminal.Contains(order.Status))
            {
                continue; // a non-terminal order may not have published its last status yet; reported above if it matters
            }

            foreach (var status in order.StatusHistory.Where(s => !distinct.ContainsKey((id, s))))
            {
                violations.Add(new(ViolationKind.EventMissing, id, $"status {status} was recorded but no event was delivered"));
            }
        }
    }

    private static void CheckDeadLetters(SystemSnapshot snapshot, VerificationExpectations expectations, List<Violation> violations)
    {
        var expected = new HashSet<string>(expectations.InjectedPoisonBodies, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in snapshot.DeadLetters)
        {
            seen.Add(body);
            if (!expected.Contains(body))
            {
                violations.Add(new(ViolationKind.DeadLetterUnexpected, OrderIdOf(body), $"not an injected poison message: {Truncate(body)}"));
            }
        }

        foreach (var body in expected.Where(b => !seen.Contains(b)))
        {
            violations.Add(new(ViolationKind.DeadLetterUnexpected, "dlq", $"injected poison message is not in the DLQ: {Truncate(body)}"));
        }
    }

    private static string OrderIdOf(string body)
    {
        const string marker = "\"orderId\":\"";
        var start = body.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return "dlq";
        }

        start += marker.Length;
        var end = body.IndexOf('"', start);
        return end > start ? body[start..end] : "dlq";
    }

    private static string Truncate(string body) => body.Length <= 120 ? body : body[..120] + "…";
}
