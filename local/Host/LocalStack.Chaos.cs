using System.Text.Json;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Lambda;
using Fulfilment.Local.PaymentProcessor;

namespace Fulfilment.Local.Host;

/// <summary>Chaos mode (<see cref="ChaosOptions"/>): how each knob is wired into the components, by configuration only.</summary>
public sealed partial class LocalStack
{
    private Random? _chaosRandom;

    /// <summary>Invocations the chaos mode crashed (in-process mode) and messages it delivered twice, for run reports.</summary>
    public ChaosCounters ChaosStats { get; } = new();

    private ChaosOptions Chaos => Options.Chaos ?? new ChaosOptions();

    private Random ChaosRandom => _chaosRandom ??= Chaos.Seed is { } seed ? new Random(seed) : new Random();

    /// <summary>The card processor journals its keys and ledger in the data directory, so a restart cannot charge twice.</summary>
    private FakePaymentProcessorOptions PaymentProcessorOptions() => new()
    {
        Faults = Chaos.Payment?.ToFaultSettings() ?? FaultSettings.None,
        JournalPath = DataDirectory is null ? null : Path.Combine(DataDirectory, "payment-processor.jsonl"),
    };

    private Edge.ChaosOptions ChaosEdgeOptions() => new()
    {
        Seed = Chaos.Seed,
        Rules = [.. Chaos.Edge.Select(r => new Edge.ChaosRule { Operation = r.Operation, Fault = r.Fault, Rate = r.Rate, Latency = TimeSpan.FromMilliseconds(r.LatencyMs) })],
    };

    /// <summary>Process mode: the Lambda service really kills the process it handed the invocation to.</summary>
    private double ChaosKillProbability => Options.Functions == FunctionMode.Process ? Chaos.LambdaCrashRate : 0;

    /// <summary>
    /// In-process mode has no process to kill, so a crash is emulated where it hurts most: half of the crashes happen before
    /// the handler runs, half after it ran and wrote its effects, and the caller gets what a killed process gives
    /// (<c>Runtime.ExitError</c>) either way.
    /// </summary>
    private Func<string, byte[], CancellationToken, Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)>> ChaosLambda(
        Func<string, byte[], CancellationToken, Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)>> invoke)
    {
        if (Options.Functions != FunctionMode.InProcess || Chaos.LambdaCrashRate <= 0)
        {
            return invoke;
        }

        return async (name, payload, ct) =>
        {
            var (crash, afterEffects) = Draw(Chaos.LambdaCrashRate);
            if (!crash)
            {
                return await invoke(name, payload, ct);
            }

            ChaosStats.Crashed();
            if (afterEffects)
            {
                await invoke(name, payload, ct);
            }

            var when = afterEffects ? "after the handler ran" : "before the handler ran";
            return (null, (LocalLambdaErrors.ExitError, $"RequestId: {Guid.NewGuid()} Error: Runtime exited {when} with error: signal: killed (injected by chaos mode)"));
        };
    }

    /// <summary>Duplicate deliveries: a share of the records of each batch is delivered again, concurrently, in a batch of its own.</summary>
    private Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> ChaosDelivery(
        Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> invoke)
    {
        if (Chaos.DuplicateDeliveryRate <= 0)
        {
            return invoke;
        }

        return async (name, payload, ct) =>
        {
            var batch = JsonSerializer.Deserialize(payload.Span, LambdaEventsJsonContext.Default.SQSEvent);
            var again = batch?.Records.Where(_ => Draw(Chaos.DuplicateDeliveryRate).Hit).ToList() ?? [];
            if (again.Count == 0)
            {
                return await invoke(name, payload, ct);
            }

            ChaosStats.Duplicated(again.Count);
            var duplicate = JsonSerializer.SerializeToUtf8Bytes(new SQSEvent { Records = again }, LambdaEventsJsonContext.Default.SQSEvent);
            var original = invoke(name, payload, ct);
            var copy = invoke(name, duplicate, ct);
            await Task.WhenAll(original, copy); // the copy's outcome is ignored: SQS settles the message by the original
            return await original;
        };
    }

    private (bool Hit, bool Second) Draw(double rate)
    {
        lock (ChaosRandom)
        {
            return (ChaosRandom.NextDouble() < rate, ChaosRandom.Next(2) == 1);
        }
    }
}

/// <summary>What chaos mode injected so far (function crashes, duplicate deliveries, DynamoDB Local restarts).</summary>
public sealed class ChaosCounters
{
    private long _crashes;
    private long _duplicates;
    private long _dynamoDbRestarts;

    /// <summary>Times DynamoDB Local was stopped and started again.</summary>
    public long DynamoDbRestarts => Interlocked.Read(ref _dynamoDbRestarts);

    /// <summary>Invocations crashed by chaos mode: emulated crashes in-process, killed processes in process mode.</summary>
    public long Crashes => Interlocked.Read(ref _crashes);

    /// <summary>Messages delivered a second time.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    internal void Crashed() => Interlocked.Increment(ref _crashes);

    internal void Duplicated(int count) => Interlocked.Add(ref _duplicates, count);

    internal void DynamoDbRestarted() => Interlocked.Increment(ref _dynamoDbRestarts);
}
