using Fulfilment.Local.Host;

namespace Fulfilment.Bench.Suites.Orders;

/// <summary>Starts (and restarts) the whole local stack for a load run, logging to the console with a prefix.</summary>
internal static class StackRunner
{
    public static Task<LocalStack> StartAsync(string? dataDirectory, ChaosOptions? chaos, int functionConcurrency, CancellationToken ct, FunctionMode functions = FunctionMode.InProcess) =>
        LocalStack.StartAsync(
            new LocalStackOptions
            {
                ApiPort = 0,
                EdgePort = 0,
                InMemory = dataDirectory is null,
                DataDirectory = dataDirectory ?? ".fulfilment",
                Functions = functions,
                FunctionConcurrency = functionConcurrency,
                QueueVisibilityTimeout = TimeSpan.FromSeconds(10),
                SeedFile = null,
                Chaos = chaos,
            },
            line =>
            {
                // The stack logs every function line; a load run keeps only its own notices and errors.
                if (!line.StartsWith('['))
                {
                    Console.Error.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} stack: {(line.Length > 300 ? line[..300] + "…" : line)}");
                }
            },
            ct);
}
