using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Microsoft.Data.Sqlite;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>
/// Execution records as earlier releases stored them still load and redrive: the checkpoint's units in the first format
/// (<c>{"0":output,…}</c>, top-level outputs only), in the current one (<c>{"units":…}</c>, at every depth), and a SQLite
/// database from before the <c>checkpoint_units</c> column.
/// </summary>
public sealed class CheckpointFormatTests : IDisposable
{
    private const string Fn = "arn:aws:lambda:us-east-1:1:function:";

    private static readonly string FlatParallel =
        """{"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[""" +
        string.Join(",", new[] { "a", "b", "c" }.Select(n => "{\"StartAt\":\"" + n + "\",\"States\":{\"" + n + "\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + n + "\",\"End\":true}}}")) +
        "]}}}";

    private static readonly string NestedParallel = ("""
        {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"FN:ship","ResultPath":"$.ship","End":true}}},
          {"StartAt":"Charge","States":{
            "Charge":{"Type":"Task","Resource":"FN:charge","ResultPath":"$.charge","Next":"Notify"},
            "Notify":{"Type":"Task","Resource":"FN:notify","ResultPath":"$.notify","End":true}}}]}}}
        """).Replace("FN:", Fn, StringComparison.Ordinal);

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "sfn-checkpoint-format-" + Guid.NewGuid().ToString("N"));
    private readonly CountingLambda lambda = new();
    private readonly InstantEngineClock clock = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redrive_WhenUnitsInTheFirstFormat_ShouldReuseTheTopLevelOutputs(bool fastPaths)
    {
        await using var store = new InMemoryExecutionStore();
        await store.PutExecutionAsync(FailedRecord(FlatParallel) with { CheckpointUnits = """{"0":7,"2":9}""" }, new HistoryRecorder(10, clock).TakeSlice(), CancellationToken.None);

        var done = await RedriveAsync(store, fastPaths);

        Assert.Equal(("SUCCEEDED", "[7,1,9]", "b=1"), (done.Status, done.Output, lambda.CallsText()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redrive_WhenUnitsInTheCurrentFormat_ShouldResumeTheStoppedBranchAtItsState(bool fastPaths)
    {
        await using var store = new InMemoryExecutionStore();
        const string units = """{"units":{"0":{"output":{"id":"o","ship":7}},"1":{"state":"Notify","input":{"id":"o","charge":8}}}}""";
        await store.PutExecutionAsync(FailedRecord(NestedParallel) with { CheckpointUnits = units }, new HistoryRecorder(10, clock).TakeSlice(), CancellationToken.None);

        var done = await RedriveAsync(store, fastPaths);

        Assert.Equal(("SUCCEEDED", """[{"id":"o","ship":7},{"id":"o","charge":8,"notify":1}]""", "notify=1"), (done.Status, done.Output, lambda.CallsText()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redrive_WhenTheDatabasePredatesCheckpointUnits_ShouldOpenAndRerunTheState(bool fastPaths)
    {
        Directory.CreateDirectory(dataDir);
        await CreateFirstReleaseDatabaseAsync(FailedRecord(FlatParallel));

        await using var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        var done = await RedriveAsync(store, fastPaths);

        Assert.Equal(("SUCCEEDED", "[1,1,1]", "a=1,b=1,c=1"), (done.Status, done.Output, lambda.CallsText()));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private ExecutionRecord FailedRecord(string definition) => new(
        "arn:aws:states:us-east-1:000000000000:execution:old:run-1", "arn:aws:states:us-east-1:000000000000:stateMachine:old", "run-1", definition,
        "arn:aws:iam::000000000000:role/StepFunctionsLocal", ExecutionStatus.Failed, """{"id":"o"}""", null, "Step.Broken", "broken",
        clock.UtcNow, clock.UtcNow, 0, null, "Fan", """{"id":"o"}""", 10);

    private async Task<ExecutionDescription> RedriveAsync(IExecutionStore store, bool fastPaths)
    {
        await using var service = new ExecutionService(store, new TaskInvokerRegistry([lambda]), clock, new ExecutionServiceOptions { FastPaths = fastPaths });
        const string arn = "arn:aws:states:us-east-1:000000000000:execution:old:run-1";
        await service.RedriveExecutionAsync(arn);
        return await service.WaitForCompletionAsync(arn).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The tables as the first release created them (no <c>checkpoint_units</c> column), with one execution row.</summary>
    private async Task CreateFirstReleaseDatabaseAsync(ExecutionRecord r)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "stepfunctions.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE state_machines (arn TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
              type TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, revision TEXT NOT NULL);
            CREATE TABLE executions (arn TEXT PRIMARY KEY, sm_arn TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
              role_arn TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_date TEXT NOT NULL,
              stop_date TEXT, redrive_count INTEGER NOT NULL, redrive_date TEXT, checkpoint_state TEXT, checkpoint_input TEXT, last_event_id INTEGER NOT NULL);
            CREATE TABLE history (execution_arn TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (execution_arn, id));
            INSERT INTO executions VALUES ($arn, $sm, $name, $def, $role, 'FAILED', $input, NULL, 'Step.Broken', 'broken', $start, $start, 0, NULL, 'Fan', $input, 10);
            """;
        command.Parameters.AddWithValue("$arn", r.ExecutionArn);
        command.Parameters.AddWithValue("$sm", r.StateMachineArn);
        command.Parameters.AddWithValue("$name", r.Name);
        command.Parameters.AddWithValue("$def", r.Definition);
        command.Parameters.AddWithValue("$role", r.RoleArn);
        command.Parameters.AddWithValue("$input", r.Input);
        command.Parameters.AddWithValue("$start", r.StartDate.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A Lambda stand-in that answers how often its function was called.</summary>
    private sealed class CountingLambda : ITaskInvoker
    {
        private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

        public bool CanInvoke(string resource) => resource.StartsWith(Fn, StringComparison.Ordinal);

        public string CallsText() => string.Join(",", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

        public Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(JsonValue.Create(calls.AddOrUpdate(invocation.Resource[Fn.Length..], 1, (_, c) => c + 1)));
    }
}
