using System.CommandLine;
using System.Runtime.InteropServices;
using Fulfilment.Emulators;
using Fulfilment.Local.Host;

var apiPort = new Option<int>("--api-port") { Description = "Port of the HTTP API (the API Gateway stand-in).", DefaultValueFactory = _ => 3000 };
var edgePort = new Option<int>("--edge-port") { Description = "Port of the AWS edge (Step Functions, EventBridge, SQS, DynamoDB).", DefaultValueFactory = _ => 4566 };
var inMemory = new Option<bool>("--in-memory") { Description = "Keep nothing: a throwaway run with every emulator in memory." };
var dataDir = new Option<string>("--data-dir") { Description = "Where state survives restarts.", DefaultValueFactory = _ => ".fulfilment" };
var inProcess = new Option<bool>("--in-process") { Description = "Run the service functions inside this process instead of one process each (faster start, less memory)." };
var chaos = new Option<string?>("--chaos") { Description = $"Chaos mode: a JSON file of faults to inject (see docs/reliability.md); or set {ChaosOptions.EnvironmentVariable}." };

var root = new RootCommand("Runs the whole Fulfilment system on this machine: no Docker, no cloud account.")
{
    apiPort, edgePort, inMemory, dataDir, inProcess, chaos,
};
root.SetAction(async (parse, ct) =>
{
    ChaosOptions? chaosOptions;
    try
    {
        chaosOptions = (parse.GetValue(chaos) ?? Environment.GetEnvironmentVariable(ChaosOptions.EnvironmentVariable)) is { Length: > 0 } chaosFile ? ChaosOptions.Load(chaosFile) : null;
    }
    catch (ChaosConfigurationException ex)
    {
        await Console.Error.WriteLineAsync($"Cannot start the local stack: {ex.Message}");
        return 1;
    }

    var options = new LocalStackOptions
    {
        ApiPort = parse.GetValue(apiPort),
        EdgePort = parse.GetValue(edgePort),
        InMemory = parse.GetValue(inMemory),
        DataDirectory = parse.GetValue(dataDir)!,
        Functions = parse.GetValue(inProcess) ? FunctionMode.InProcess : FunctionMode.Process,
        ApiKey = Environment.GetEnvironmentVariable("FULFILMENT_API_KEY") is { Length: > 0 } key ? key : Fulfilment.Local.Api.ApiOptions.DefaultApiKey,
        Chaos = chaosOptions,
    };
    return await RunAsync(options, ct);
});
return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(LocalStackOptions options, CancellationToken ct)
{
    using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
    // Ctrl+C is handled by System.CommandLine (ct); SIGTERM (e.g. `kill`, a container stop) stops just as gracefully.
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopping.Cancel();
    });

    if (Fulfilment.Lambda.Tracing.TelemetrySettings.Misconfiguration(Environment.GetEnvironmentVariable) is { } problem)
    {
        await Console.Error.WriteLineAsync($"Cannot start the local stack: {problem}");
        return 1;
    }

    // Off unless OTEL_TRACES_EXPORTER or OTEL_EXPORTER_OTLP_ENDPOINT ask for it (docs/tracing.md); flushed on the way out.
    using var tracing = LocalStack.StartTelemetry(Environment.GetEnvironmentVariable, Log);
    LocalStack stack;
    try
    {
        stack = await LocalStack.StartAsync(options, Log, stopping.Token);
    }
    catch (Exception ex) when (ex is EmulatorUnavailableException or ChaosConfigurationException or InvalidDataException)
    {
        await Console.Error.WriteLineAsync($"Cannot start the local stack: {ex.Message}");
        return 1;
    }
    catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
    {
        await Console.Error.WriteLineAsync($"Cannot start the local stack: a port is taken ({ex.Message}). Stop the other process or pass --api-port/--edge-port.");
        return 1;
    }
    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
    {
        return 130;
    }

    await using (stack)
    {
        Console.WriteLine(Banner.Render(stack));
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            Log("stopping: no new orders are accepted; in-flight work is finished or resumes on the next start…");
        }
    }

    Log("stopped.");
    return 0;
}

static void Log(string line) => Console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} {line}");
