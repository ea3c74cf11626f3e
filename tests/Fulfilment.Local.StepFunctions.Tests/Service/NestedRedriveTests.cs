using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>
/// RedriveExecution at every depth of nested Parallel and Map states. AWS: "Step Functions preserves the results and execution
/// history of the successful steps, and doesn't rerun these steps when you redrive an execution ... RedriveExecution reschedules
/// and redrives only the iterations and branches that failed or aborted." So a failed branch/iteration resumes at the state it
/// failed in (a Charge before a failed Notify is not charged again), and succeeded units at any depth keep their output.
/// </summary>
/// <remarks>
/// The handlers answer synchronously, so the units of a Parallel or Map run in index order: those before the failing one have
/// succeeded when it fails, and those after it are aborted before their first state (they run once, on the redrive).
/// </remarks>
public sealed class NestedRedriveTests : IDisposable
{
    // The definitions below say fn:NAME for a Lambda function ARN and CHARGE_THEN_NOTIFY for that two-state block; see Def.
    private const string ChargeThenNotify = """
        {"StartAt":"Charge","States":{
          "Charge":{"Type":"Task","Resource":"fn:charge","ResultPath":"$.charge","Next":"Notify"},
          "Notify":{"Type":"Task","Resource":"fn:notify","ResultPath":"$.notify","End":true}}}
        """;

    private const string ParallelOnly = """
        {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"fn:ship","ResultPath":"$.ship","End":true}}},
          CHARGE_THEN_NOTIFY]}}}
        """;

    private const string ParallelInParallel = """
        {"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"fn:ship","ResultPath":"$.ship","End":true}}},
          {"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
            {"StartAt":"Reserve","States":{"Reserve":{"Type":"Task","Resource":"fn:reserve","ResultPath":"$.reserve","End":true}}},
            CHARGE_THEN_NOTIFY]}}},
          {"StartAt":"Pack","States":{"Pack":{"Type":"Task","Resource":"fn:pack","ResultPath":"$.pack","End":true}}}]}}}
        """;

    private const string MapInMap = """
        {"StartAt":"Orders","States":{"Orders":{"Type":"Map","ItemsPath":"$.orders","MaxConcurrency":1,"End":true,"ItemProcessor":{
          "StartAt":"Lines","States":{"Lines":{"Type":"Map","ItemsPath":"$.lines","MaxConcurrency":1,"End":true,
            "ItemSelector":{"id.$":"$$.Map.Item.Value","index.$":"$$.Map.Item.Index"},
            "ItemProcessor":CHARGE_THEN_NOTIFY}}}}}}
        """;

    private const string MapInParallel = """
        {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Audit","States":{"Audit":{"Type":"Task","Resource":"fn:audit","ResultPath":"$.audit","End":true}}},
          {"StartAt":"Prepare","States":{
            "Prepare":{"Type":"Task","Resource":"fn:prepare","ResultPath":"$.prepared","Next":"Each"},
            "Each":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":CHARGE_THEN_NOTIFY}}}]}}}
        """;

    private static readonly string ParallelOnlyDefinition = Def(ParallelOnly);
    private static readonly string ParallelInParallelDefinition = Def(ParallelInParallel);
    private static readonly string MapInMapDefinition = Def(MapInMap);
    private static readonly string MapInParallelDefinition = Def(MapInParallel);

    private const string MapInMapInput = """{"orders":[{"lines":["a","b"]},{"lines":["c","d","e"]}]}""";
    private const string MapInParallelInput = """{"id":"p","items":[{"id":"x"},{"id":"y"},{"id":"z"}]}""";

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "sfn-nested-redrive-" + Guid.NewGuid().ToString("N"));
    private readonly CountingLambda lambda = new();

    public static TheoryData<string, string, string, string, string, string> Cases => new()
    {
        {
            "Parallel", ParallelOnlyDefinition, """{"id":"o"}""", "notify:o",
            "charge:o=1,notify:o=2,ship:o=1",
            """[{"id":"o","ship":1},{"id":"o","charge":1,"notify":2}]"""
        },
        {
            "Parallel in Parallel", ParallelInParallelDefinition, """{"id":"o"}""", "notify:o",
            "charge:o=1,notify:o=2,pack:o=1,reserve:o=1,ship:o=1",
            """[{"id":"o","ship":1},[{"id":"o","reserve":1},{"id":"o","charge":1,"notify":2}],{"id":"o","pack":1}]"""
        },
        {
            "Map in Map", MapInMapDefinition, MapInMapInput, "notify:d",
            "charge:a=1,charge:b=1,charge:c=1,charge:d=1,charge:e=1,notify:a=1,notify:b=1,notify:c=1,notify:d=2,notify:e=1",
            """[[{"id":"a","index":0,"charge":1,"notify":1},{"id":"b","index":1,"charge":1,"notify":1}],""" +
            """[{"id":"c","index":0,"charge":1,"notify":1},{"id":"d","index":1,"charge":1,"notify":2},{"id":"e","index":2,"charge":1,"notify":1}]]"""
        },
        {
            "Map in Parallel", MapInParallelDefinition, MapInParallelInput, "notify:y",
            "audit:p=1,charge:x=1,charge:y=1,charge:z=1,notify:x=1,notify:y=2,notify:z=1,prepare:p=1",
            """[{"id":"p","items":[{"id":"x"},{"id":"y"},{"id":"z"}],"audit":1},""" +
            """[{"id":"x","charge":1,"notify":1},{"id":"y","charge":1,"notify":2},{"id":"z","charge":1,"notify":1}]]"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Redrive_WhenANestedUnitFailed_ShouldRerunOnlyFromTheFailedStateAtEveryDepth(string shape, string definition, string input, string failing, string calls, string output)
    {
        lambda.Failing[failing] = true;
        await using var service = NewService(new InMemoryExecutionStore());
        var executionArn = await StartAsync(service, definition, input);
        var failed = await WaitAsync(service, executionArn);
        lambda.Failing.Clear();
        await service.RedriveExecutionAsync(executionArn);
        var done = await WaitAsync(service, executionArn);

        Assert.Equal((shape, "FAILED", "SUCCEEDED", calls, output), (shape, failed.Status, done.Status, lambda.CallsText(), done.Output));
    }

    [Fact]
    public async Task Redrive_WhenNestedMapFailedAndTheEngineRestartedOverSqlite_ShouldRerunOnlyTheFailedStep()
    {
        lambda.Failing["notify:d"] = true;
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        await using (var first = NewService(store))
        {
            executionArn = await StartAsync(first, MapInMapDefinition, MapInMapInput);
            await WaitAsync(first, executionArn);
        }

        // A new process over the same data directory: the kept unit tree is read back from SQLite.
        lambda.Failing.Clear();
        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = NewService(reopened);
        await second.RedriveExecutionAsync(executionArn);
        var done = await WaitAsync(second, executionArn);

        Assert.Equal(
            ("SUCCEEDED", "charge:a=1,charge:b=1,charge:c=1,charge:d=1,charge:e=1,notify:a=1,notify:b=1,notify:c=1,notify:d=2,notify:e=1"),
            (done.Status, lambda.CallsText()));
    }

    [Fact]
    public async Task Resume_WhenTheEngineDiedDuringARedrive_ShouldStillReuseTheUnitsTheFirstRunCompleted()
    {
        lambda.Failing["notify:y"] = true;
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        await using (var first = NewService(store))
        {
            executionArn = await StartAsync(first, MapInParallelDefinition, MapInParallelInput);
            await WaitAsync(first, executionArn);
            lambda.Failing.Clear();

            // The redriven Notify of y hangs until the engine "crashes" (is disposed): the redrive never ends in this process.
            lambda.Hang["notify:y"] = blocked;
            await first.RedriveExecutionAsync(executionArn);
            await blocked.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        lambda.Hang.Clear();
        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = NewService(reopened);
        await second.ResumeRunningExecutionsAsync();
        var done = await WaitAsync(second, executionArn);

        Assert.Equal(
            ("SUCCEEDED", 1, 1, 1, 1, 1, 3),
            (done.Status, lambda.Calls("audit:p"), lambda.Calls("prepare:p"), lambda.Calls("charge:x"), lambda.Calls("notify:x"), lambda.Calls("charge:y"), lambda.Calls("notify:y")));
    }

    [Fact]
    public async Task Redrive_WhenNestedMapFailed_ShouldRecordOnlyTheRerunIterationsWithMonotonicEventIds()
    {
        lambda.Failing["notify:d"] = true;
        await using var service = NewService(new InMemoryExecutionStore());
        var executionArn = await StartAsync(service, MapInMapDefinition, MapInMapInput);
        await WaitAsync(service, executionArn);
        lambda.Failing.Clear();
        await service.RedriveExecutionAsync(executionArn);
        await WaitAsync(service, executionArn);
        var events = (await service.GetExecutionHistoryAsync(executionArn, maxResults: 1000)).Items;
        var redriven = events.SkipWhile(e => e.Type != "ExecutionRedriven").ToList();

        // Outer iteration 1 and inner iterations d (resumed at Notify) and e (never started before) run again; nothing else.
        Assert.Equal(
            (true, true, 3, 1, 2),
            (events.Select((e, i) => e.Id == i + 1).All(x => x), events.All(e => e.PreviousEventId < e.Id),
             redriven.Count(e => e.Type == "MapIterationStarted"), redriven.Count(e => e.Type == "TaskStateEntered" && Name(e) == "Charge"),
             redriven.Count(e => e.Type == "TaskStateEntered" && Name(e) == "Notify")));
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static string Def(string text) =>
        text.Replace("CHARGE_THEN_NOTIFY", ChargeThenNotify, StringComparison.Ordinal).Replace("fn:", "arn:aws:lambda:us-east-1:1:function:", StringComparison.Ordinal);

    private static string? Name(HistoryEvent e) => (string?)e.Details?["name"];

    private ExecutionService NewService(IExecutionStore store) => new(store, new TaskInvokerRegistry([lambda]), new InstantEngineClock());

    private static async Task<string> StartAsync(ExecutionService service, string definition, string input)
    {
        var arn = (await service.CreateStateMachineAsync("nested", definition)).StateMachineArn;
        return (await service.StartExecutionAsync(arn, "nested-1", input)).ExecutionArn;
    }

    private static Task<ExecutionDescription> WaitAsync(ExecutionService service, string executionArn) =>
        service.WaitForCompletionAsync(executionArn).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// A Lambda stand-in that counts calls by <c>function:id</c> (the payload's <c>id</c>) and answers the count; a key in
    /// <see cref="Failing"/> fails, a key in <see cref="Hang"/> signals and then waits until the engine cancels it.
    /// </summary>
    private sealed class CountingLambda : ITaskInvoker
    {
        private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, bool> Failing { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, TaskCompletionSource> Hang { get; } = new(StringComparer.Ordinal);

        public bool CanInvoke(string resource) => resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);

        public int Calls(string key) => calls.GetValueOrDefault(key);

        public string CallsText() => string.Join(",", calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

        public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
        {
            var function = invocation.Resource[(invocation.Resource.LastIndexOf(':') + 1)..];
            var key = $"{function}:{(string?)invocation.Parameters?["id"]}";
            var count = calls.AddOrUpdate(key, 1, (_, c) => c + 1);
            if (Failing.ContainsKey(key))
            {
                throw new StatesException("Step.Broken", $"{key} is broken");
            }

            if (Hang.TryGetValue(key, out var hung))
            {
                hung.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return JsonValue.Create(count);
        }
    }
}
