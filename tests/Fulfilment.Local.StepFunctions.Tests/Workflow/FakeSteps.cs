using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>
/// In-process step handlers behind the Lambda adapter's delegate: they deserialize the contract requests, return contract
/// results, or fail with named errors from a per-function script of failures.
/// </summary>
public sealed class FakeSteps
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Function, JsonNode? Payload)> Invocations { get; } = new();

    /// <summary>Blocks the named function until released (for crash tests).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="function"/> fail with <paramref name="error"/>.</summary>
    public FakeSteps FailNext(string function, string error, int times = 1)
    {
        var queue = failures.GetOrAdd(function, _ => new ConcurrentQueue<string>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(error);
        }

        return this;
    }

    public void ClearFailures(string function) => failures.TryRemove(function, out _);

    public int Calls(string function) => calls.GetValueOrDefault(function);

    public async Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)> InvokeAsync(string function, byte[] payload, CancellationToken ct)
    {
        calls.AddOrUpdate(function, 1, (_, c) => c + 1);
        var json = JsonNode.Parse(payload);
        Invocations.Enqueue((function, json));
        if (Gates.TryGetValue(function, out var gate))
        {
            await gate.Task.WaitAsync(ct);
        }

        if (failures.TryGetValue(function, out var queue) && queue.TryDequeue(out var error))
        {
            return (null, (error, $"{function} failed with {error} (scripted by the test)"));
        }

        object result = function switch
        {
            "inventory-reserve" => Reserve(Deserialize(payload, ContractsJsonContext.Default.ReserveInventoryRequest)),
            "inventory-release" => new ReservationActionResult(Deserialize(payload, ContractsJsonContext.Default.ReservationActionRequest).OrderId, ReservationStatus.Released, true),
            "inventory-commit" => new ReservationActionResult(Deserialize(payload, ContractsJsonContext.Default.ReservationActionRequest).OrderId, ReservationStatus.Committed, true),
            "payment-charge" => Charge(Deserialize(payload, ContractsJsonContext.Default.ChargePaymentRequest)),
            "payment-refund" => new RefundPaymentResult(Deserialize(payload, ContractsJsonContext.Default.RefundPaymentRequest).OrderId, "rf-1", 0, null, false),
            "notification" => Notify(Deserialize(payload, ContractsJsonContext.Default.NotifyCustomerRequest)),
            _ => throw new InvalidOperationException($"No fake for {function}"),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(result, ContractsJsonContext.Default.GetTypeInfo(result.GetType())!);
        return (bytes, null);
    }

    private static ReserveInventoryResult Reserve(ReserveInventoryRequest r) =>
        new(r.OrderId, ReservationStatus.Reserved, r.Lines, DateTimeOffset.UnixEpoch, false);

    private static ChargePaymentResult Charge(ChargePaymentRequest r) =>
        new(r.OrderId, "ch-" + r.OrderId, r.Lines.Sum(l => l.Quantity * l.UnitPriceMinor), r.Currency, PaymentState.Captured, false);

    private static NotifyCustomerResult Notify(NotifyCustomerRequest r) => new(r.OrderId, r.Kind, "n-1", false);

    private static T Deserialize<T>(byte[] payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(payload, info) ?? throw new InvalidOperationException($"{ErrorNames.InvalidInput}: empty payload {Encoding.UTF8.GetString(payload)}");
}
