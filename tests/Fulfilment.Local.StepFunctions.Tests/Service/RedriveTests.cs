using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>
/// RedriveExecution inside Parallel and inline Map states: AWS "reschedules and redrives only the iterations and branches
/// that failed or aborted" (RedriveExecution API reference); the ones that succeeded keep their output and are not rerun.
/// </summary>
public sealed class RedriveTests : IDisposable
{
    private const string ParallelMachine = """
        {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:a","End":true}}},
          {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:flaky","End":true}}},
          {"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:c","End":true}}}]}}}
        """;

    private const string MapMachine = """
        {"StartAt":"Prepare","States":{
          "Prepare":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:prepare","Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,"End":true,"ItemProcessor":{"StartAt":"Item","States":{
            "Item":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:item","End":true}}}}}}
        """;

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "sfn-redrive-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private volatile bool broken = true;

    [Fact]
    public async Task Redrive_WhenOneParallelBranchFailed_ShouldRerunOnlyThatBranch()
    {
        await using var service = NewService(new InMemoryExecutionStore());
        var arn = (await service.CreateStateMachineAsync("fan", ParallelMachine)).StateMachineArn;
        var start = await service.StartExecutionAsync(arn, "fan-1", """{"n":1}""");
        var failed = await service.WaitForCompletionAsync(start.ExecutionArn);
        broken = false;
        await service.RedriveExecutionAsync(start.ExecutionArn);
        var done = await service.WaitForCompletionAsync(start.ExecutionArn);

        Assert.Equal(
            ("FAILED", "SUCCEEDED", 1, 2, 1, """[{"a":1},{"flaky":2},{"c":1}]"""),
            (failed.Status, done.Status, Calls("a"), Calls("flaky"), Calls("c"), done.Output));
    }

    [Fact]
    public async Task Redrive_WhenOneMapIterationFailed_ShouldRerunOnlyThatIterationAndNotTheStepsBefore()
    {
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        await using (var first = NewService(store))
        {
            var arn = (await first.CreateStateMachineAsync("each", MapMachine)).StateMachineArn;
            executionArn = (await first.StartExecutionAsync(arn, "each-1", "{}")).ExecutionArn;
            await first.WaitForCompletionAsync(executionArn);
        }

        // A new process over the same data directory: the kept iteration outputs are read back from SQLite.
        broken = false;
        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = NewService(reopened);
        await second.RedriveExecutionAsync(executionArn);
        var done = await second.WaitForCompletionAsync(executionArn);

        Assert.Equal(
            ("SUCCEEDED", 1, 5, """[{"item":0},{"item":1},{"item":2},{"item":3}]"""),
            (done.Status, Calls("prepare"), Calls("item"), done.Output));
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private int Calls(string name) => calls.GetValueOrDefault(name);

    private ExecutionService NewService(IExecutionStore store)
    {
        var lambda = new FakeLambda()
            .On("a", _ => Count("a"))
            .On("c", _ => Count("c"))
            .On("flaky", _ =>
            {
                var result = Count("flaky");
                return broken ? throw new StatesException("Branch.Broken", "B is broken") : result;
            })
            .On("prepare", _ =>
            {
                Count("prepare");
                return new JsonObject { ["items"] = new JsonArray(0, 1, 2, 3) };
            })
            .On("item", input =>
            {
                Count("item");
                var index = input!.GetValue<int>();
                return broken && index == 2 ? throw new StatesException("Item.Broken", "item 2 is broken") : new JsonObject { ["item"] = index };
            });
        return new ExecutionService(store, new TaskInvokerRegistry([lambda]), new InstantEngineClock());
    }

    private JsonObject Count(string name) => new() { [name] = calls.AddOrUpdate(name, 1, (_, c) => c + 1) };
}
