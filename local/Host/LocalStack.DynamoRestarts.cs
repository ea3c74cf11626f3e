using System.Diagnostics;
using Fulfilment.Emulators;

namespace Fulfilment.Local.Host;

/// <summary>
/// Chaos mode's DynamoDB Local restarts (<see cref="ChaosOptions.DynamoDbRestartEverySeconds"/>): the JVM is stopped and
/// started again on the same port and data while everything else keeps running, so every client (the edge, the
/// functions, the engine's DynamoDB tasks) sees refused connections for a few seconds and then the same database.
/// Stopped, not killed: DynamoDB Local loses a write it acknowledged within about a second before a SIGKILL, which
/// DynamoDB itself never does, so a kill would test the emulator instead of Fulfilment (docs/reliability.md).
/// </summary>
public sealed partial class LocalStack
{
    private DynamoDbLocal? _dynamoLocal;

    private async Task<DynamoDbLocal> StartDynamoDbLocalAsync(string data, CancellationToken ct)
    {
        if (Chaos.DynamoDbRestartEverySeconds > 0 && DataDirectory is null)
        {
            throw new ChaosConfigurationException("dynamoDbRestartEverySeconds needs a data directory: an in-memory DynamoDB Local would come back empty (drop --in-memory).");
        }

        _dynamoLocal = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = DataDirectory is null ? null : Path.Combine(data, "dynamodb") }, ct);
        OnStop("DynamoDB Local", () => _dynamoLocal?.DisposeAsync() ?? ValueTask.CompletedTask);
        return _dynamoLocal;
    }

    /// <summary>Starts the restart loop when the chaos file asks for it; it ends when the stack stops.</summary>
    private void StartDynamoDbRestarts(string data)
    {
        if (Chaos.DynamoDbRestartEverySeconds <= 0)
        {
            return;
        }

        var stopping = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            try
            {
                await RestartDynamoDbLoopAsync(data, TimeSpan.FromSeconds(Chaos.DynamoDbRestartEverySeconds), stopping.Token);
            }
            catch (EmulatorUnavailableException ex)
            {
                _log($"chaos: DynamoDB Local did not come back; the stack cannot store anything until it is restarted: {ex.Message}");
            }
        });
        OnStop("DynamoDB Local restart loop", async () =>
        {
            await stopping.CancelAsync();
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stopping.Dispose();
        });
    }

    private async Task RestartDynamoDbLoopAsync(string data, TimeSpan every, CancellationToken ct)
    {
        var port = _dynamoLocal!.Port;
        for (var restarts = 0; Chaos.DynamoDbRestartCount == 0 || restarts < Chaos.DynamoDbRestartCount; restarts++)
        {
            await Task.Delay(every, ct);
            var down = Stopwatch.StartNew();
            _log($"chaos: stopping DynamoDB Local (port {port}) with work in flight; it starts again on the same data…");
            await _dynamoLocal.DisposeAsync();
            _dynamoLocal = await RestartOnPortAsync(data, port, ct);
            ChaosStats.DynamoDbRestarted();
            _log($"chaos: DynamoDB Local back after {down.Elapsed.TotalSeconds:F1} s");
        }
    }

    private static async Task<DynamoDbLocal> RestartOnPortAsync(string data, int port, CancellationToken ct)
    {
        // The stopped JVM's socket can hold the port for a moment: retry the bind for a while before giving up.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { Port = port, DbPath = Path.Combine(data, "dynamodb") }, ct);
            }
            catch (EmulatorUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }
}
