using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// The Step Functions API of the local engine (what the AWS edge calls): state machines, executions, history,
/// stop, redrive and task callbacks. Errors are <see cref="StepFunctionsException"/> with the AWS error code.
/// </summary>
public sealed partial class ExecutionService : IAsyncDisposable
{
    private readonly IExecutionStore store;
    private readonly IEngineClock clock;
    private readonly ExecutionServiceOptions options;
    private readonly TaskTokens tokens = new();
    private readonly CompiledMachines machines;
    private readonly ExecutionRunner runner;
    private readonly RunningExecutions running = new();
    private readonly ExecutionLocks locks = new();
    private readonly CancellationTokenSource shutdown = new();

    /// <summary>Creates the service over a store and the task integrations.</summary>
    public ExecutionService(IExecutionStore store, TaskInvokerRegistry invokers, IEngineClock? clock = null, ExecutionServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(invokers);
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clock = clock ?? new SystemEngineClock();
        this.options = options ?? new ExecutionServiceOptions();
        machines = new CompiledMachines(invokers, this.options.Region);
        runner = new ExecutionRunner(store, new Interpreter(this.clock, tokens), this.clock, this.options);
    }

    /// <summary>Validates a definition without storing it (the edge's ValidateStateMachineDefinition); throws InvalidDefinition.</summary>
    public void ValidateDefinition(string definition) => machines.ForText(definition);

    /// <summary>Creates a state machine; the same name with the same definition and role returns the existing one.</summary>
    public async Task<StateMachineDescription> CreateStateMachineAsync(string name, string definition, string? roleArn = null, string type = "STANDARD", CancellationToken cancellationToken = default)
    {
        ValidateName(name, "state machine");
        if (type is not ("STANDARD" or "EXPRESS"))
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.ValidationException, $"Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }

        machines.ForText(definition);
        var arn = StateMachineArn(name);
        var role = roleArn ?? $"arn:aws:iam::{options.AccountId}:role/StepFunctionsLocal";
        var existing = await store.GetStateMachineAsync(arn, cancellationToken);
        if (existing is not null)
        {
            return existing.Definition == definition && existing.RoleArn == role && existing.Type == type
                ? Describe(existing)
                : throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineAlreadyExists, $"State Machine Already Exists: '{arn}'");
        }

        var now = clock.UtcNow;
        var record = new StateMachineRecord(arn, name, definition, role, type, now, now, Guid.NewGuid().ToString());
        await store.PutStateMachineAsync(record, cancellationToken);
        return Describe(record);
    }

    /// <summary>Replaces the definition and/or role; running executions keep the definition they started with.</summary>
    public async Task<StateMachineDescription> UpdateStateMachineAsync(string stateMachineArn, string? definition, string? roleArn = null, CancellationToken cancellationToken = default)
    {
        var record = await GetMachineAsync(stateMachineArn, cancellationToken);
        if (definition is not null)
        {
            machines.ForText(definition);
        }

        var updated = record with
        {
            Definition = definition ?? record.Definition,
            RoleArn = roleArn ?? record.RoleArn,
            UpdateDate = clock.UtcNow,
            RevisionId = Guid.NewGuid().ToString(),
        };
        await store.PutStateMachineAsync(updated, cancellationToken);
        return Describe(updated);
    }

    /// <summary>DescribeStateMachine.</summary>
    public async Task<StateMachineDescription> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken = default) =>
        Describe(await GetMachineAsync(stateMachineArn, cancellationToken));

    /// <summary>ListStateMachines, by name.</summary>
    public async Task<Page<StateMachineListItem>> ListStateMachinesAsync(int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var all = await store.ListStateMachinesAsync(cancellationToken);
        return Paginate(all.Select(m => new StateMachineListItem(m.StateMachineArn, m.Name, m.Type, m.CreationDate)).ToList(), maxResults, nextToken);
    }

    /// <summary>DeleteStateMachine (idempotent; running executions are stopped as AWS does).</summary>
    public async Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken = default)
    {
        ValidateArn(stateMachineArn, ":stateMachine:");
        foreach (var execution in running.Values.Where(r => r.StateMachineArn == stateMachineArn).ToList())
        {
            await StopExecutionAsync(execution.ExecutionArn, "States.Aborted", "The state machine was deleted.", cancellationToken);
        }

        await store.DeleteStateMachineAsync(stateMachineArn, cancellationToken);
    }

    /// <summary>DescribeExecution.</summary>
    public async Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        var record = await GetExecutionRecordAsync(executionArn, cancellationToken);
        var (redrivable, reason) = Redrivability(record);
        return new ExecutionDescription(
            record.ExecutionArn, record.StateMachineArn, record.Name, record.Status, record.Input, record.Output, record.Error, record.Cause,
            record.StartDate, record.StopDate, record.RedriveCount, record.RedriveDate, redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE", reason);
    }

    /// <summary>ListExecutions, newest first, optionally filtered by status.</summary>
    public async Task<Page<ExecutionListItem>> ListExecutionsAsync(string stateMachineArn, string? statusFilter = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        await GetMachineAsync(stateMachineArn, cancellationToken);
        if (statusFilter is not null && !ExecutionStatus.All.Contains(statusFilter))
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.ValidationException, $"Value '{statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ExecutionStatus.All)}]");
        }

        var all = await store.ListExecutionsAsync(stateMachineArn, statusFilter, cancellationToken);
        return Paginate(
            all.Select(e => new ExecutionListItem(e.ExecutionArn, e.StateMachineArn, e.Name, e.Status, e.StartDate, e.StopDate, e.RedriveCount, e.RedriveDate)).ToList(),
            maxResults,
            nextToken);
    }

    /// <summary>GetExecutionHistory with pagination and reverseOrder; without execution data, inputs and outputs are left out.</summary>
    public async Task<Page<HistoryEvent>> GetExecutionHistoryAsync(string executionArn, int? maxResults = null, string? nextToken = null, bool reverseOrder = false, bool includeExecutionData = true, CancellationToken cancellationToken = default)
    {
        await GetExecutionRecordAsync(executionArn, cancellationToken);
        IEnumerable<HistoryEvent> events = await store.GetHistoryAsync(executionArn, cancellationToken);
        if (reverseOrder)
        {
            events = events.Reverse();
        }

        if (!includeExecutionData)
        {
            events = events.Select(WithoutData);
        }

        return Paginate(events.ToList(), maxResults, nextToken);
    }

    /// <summary>Waits until the execution is no longer RUNNING (for tests, the CLI and the order service's local mode).</summary>
    public async Task<ExecutionDescription> WaitForCompletionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        if (running.TryGetValue(executionArn, out var run))
        {
            // Without a synchronization context (not inside a UI or test framework's scheduler) the waiter may run the
            // execution itself if no pool thread has picked it up yet.
            if (SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default)
            {
                run.TryRun();
            }

            await run.Completion.WaitAsync(cancellationToken);
        }

        return await DescribeExecutionAsync(executionArn, cancellationToken);
    }

    /// <summary>Stops the service: running executions are interrupted but stay RUNNING in the store, to resume on the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        foreach (var run in running.Values)
        {
            run.Cancel();

            // A run no pool thread has started yet ends at once on its cancelled token (it stays RUNNING in the store).
            run.TryRun();
        }

        await Task.WhenAll(running.Values.Select(r => r.Completion));
        shutdown.Dispose();
    }

    private static StateMachineDescription Describe(StateMachineRecord r) =>
        new(r.StateMachineArn, r.Name, "ACTIVE", r.Definition, r.RoleArn, r.Type, r.CreationDate, r.RevisionId);

    private async Task<StateMachineRecord> GetMachineAsync(string arn, CancellationToken ct)
    {
        ValidateArn(arn, ":stateMachine:");
        return await store.GetStateMachineAsync(arn, ct)
            ?? throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineDoesNotExist, $"State Machine Does Not Exist: '{arn}'");
    }

    private async Task<ExecutionRecord> GetExecutionRecordAsync(string arn, CancellationToken ct)
    {
        ValidateArn(arn, ":execution:");
        return await store.GetExecutionAsync(arn, ct)
            ?? throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionDoesNotExist, $"Execution Does Not Exist: '{arn}'");
    }

    private string StateMachineArn(string name) => $"arn:aws:states:{options.Region}:{options.AccountId}:stateMachine:{name}";

    private static void ValidateArn(string arn, string kind)
    {
        if (string.IsNullOrEmpty(arn) || !arn.StartsWith("arn:aws:states:", StringComparison.Ordinal) || !arn.Contains(kind, StringComparison.Ordinal))
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidArn, $"Invalid Arn: '{arn}'");
        }
    }

    /// <summary>AWS naming rules: 1–80 characters; no whitespace, brackets, wildcards, special or control characters.</summary>
    internal static void ValidateName(string? name, string what)
    {
        const string forbidden = "<>{}[]?*\"#%\\^|~`$&,;:/";
        var invalid = string.IsNullOrEmpty(name) || name.Length > 80;
        foreach (var c in name ?? string.Empty)
        {
            invalid |= char.IsWhiteSpace(c) || forbidden.Contains(c, StringComparison.Ordinal) || c <= '\u001F' || (c >= '\u007F' && c <= '\u009F');
        }

        if (invalid)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidName, $"Invalid Name: '{name}' is not a valid {what} name (1-80 characters; no whitespace, brackets, wildcards, special or control characters).");
        }
    }

    private Page<T> Paginate<T>(IReadOnlyList<T> all, int? maxResults, string? nextToken)
    {
        var size = maxResults is > 0 and <= 1000 ? maxResults.Value : maxResults is null or 0 ? options.DefaultPageSize
            : throw new StepFunctionsException(StepFunctionsErrorCodes.ValidationException, "maxResults must be between 0 and 1000.");
        var offset = 0;
        if (nextToken is not null)
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidToken, $"Invalid Token: '{nextToken}'");
            }
        }

        var items = all.Skip(offset).Take(size).ToList();
        var next = offset + size < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture))) : null;
        return new Page<T>(items, next);
    }

    private static HistoryEvent WithoutData(HistoryEvent e)
    {
        if (e.Details is null)
        {
            return e;
        }

        var details = (System.Text.Json.Nodes.JsonObject)e.Details.DeepClone();
        foreach (var key in (string[])["input", "output", "parameters"])
        {
            details.Remove(key);
        }

        return e with { Details = details };
    }

    private static string NormalizeInput(string? input)
    {
        var text = string.IsNullOrWhiteSpace(input) ? "{}" : input;
        if (Encoding.UTF8.GetByteCount(text) > Step.PayloadLimitBytes)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidExecutionInput, "The execution input exceeds the 256 KB limit.");
        }

        try
        {
            // Validation only: a reader pass, no document.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return text;
        }
        catch (JsonException e)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidExecutionInput, $"Invalid State Machine Execution Input: '{e.Message}'");
        }
    }
}
