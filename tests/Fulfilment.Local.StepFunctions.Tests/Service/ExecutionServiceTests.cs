using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>The API rules the AWS edge relies on: names, idempotent starts, errors, pagination, stop and redrive.</summary>
public sealed class ExecutionServiceTests : IAsyncLifetime
{
    private const string PassMachine = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""";
    private const string FailMachine = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:failBoom","End":true}}}""";
    private const string WaitForever = """{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:echo.waitForTaskToken","End":true}}}""";

    private readonly InstantEngineClock clock = new();
    private ExecutionService service = null!;

    public Task InitializeAsync()
    {
        service = new ExecutionService(new InMemoryExecutionStore(), new TaskInvokerRegistry([new FakeLambda()]), clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await service.DisposeAsync();

    private async Task<string> MachineAsync(string definition = PassMachine, string name = "m") =>
        (await service.CreateStateMachineAsync(name, definition)).StateMachineArn;

    private static async Task<string> ErrorCodeOf(Func<Task> action) =>
        (await Assert.ThrowsAsync<StepFunctionsException>(action)).ErrorCode;

    [Fact]
    public async Task CreateStateMachine_WhenDefinitionInvalid_ShouldNameTheJsonPointer()
    {
        var e = await Assert.ThrowsAsync<StepFunctionsException>(() => service.CreateStateMachineAsync("bad", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"}}}"""));
        Assert.Equal((StepFunctionsErrorCodes.InvalidDefinition, true), (e.ErrorCode, e.Message.Contains("/States/A/Next", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateStateMachine_WhenResourceUnknown_ShouldNameTheResource()
    {
        var e = await Assert.ThrowsAsync<StepFunctionsException>(() => service.CreateStateMachineAsync("bad", """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}"""));
        Assert.Contains("arn:aws:states:::sqs:sendMessage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStateMachine_WhenSameNameOtherDefinition_ShouldBeAlreadyExists()
    {
        await MachineAsync();
        Assert.Equal(StepFunctionsErrorCodes.StateMachineAlreadyExists, await ErrorCodeOf(() => service.CreateStateMachineAsync("m", FailMachine)));
    }

    [Fact]
    public async Task DescribeStateMachine_WhenMissing_ShouldBeDoesNotExist()
    {
        Assert.Equal(StepFunctionsErrorCodes.StateMachineDoesNotExist, await ErrorCodeOf(() => service.DescribeStateMachineAsync("arn:aws:states:us-east-1:000000000000:stateMachine:none")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("a/b")]
    [InlineData("81-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task StartExecution_WhenNameBreaksAwsRules_ShouldBeInvalidName(string name)
    {
        var arn = await MachineAsync();
        Assert.Equal(StepFunctionsErrorCodes.InvalidName, await ErrorCodeOf(() => service.StartExecutionAsync(arn, name, "{}")));
    }

    [Fact]
    public async Task StartExecution_WhenSameNameAndInputWhileRunning_ShouldReturnTheSameExecution()
    {
        var arn = await MachineAsync(WaitForever);
        var first = await service.StartExecutionAsync(arn, "order-1", """{"a":1}""");
        var second = await service.StartExecutionAsync(arn, "order-1", """{ "a" : 1 }""");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task StartExecution_WhenTheSameStartArrivesManyTimesAtOnce_ShouldStartOneExecution()
    {
        var arn = await MachineAsync(WaitForever);

        // At-least-once intake: the same start delivered concurrently (each call on its own pool thread).
        var starts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => service.StartExecutionAsync(arn, "order-1", """{"a":1}"""))));
        var history = await service.GetExecutionHistoryAsync(starts[0].ExecutionArn, maxResults: 1000);

        Assert.Equal((1, 1), (starts.Distinct().Count(), history.Items.Count(e => e.Type == "ExecutionStarted")));
    }

    [Fact]
    public async Task StartExecution_WhenSameNameOtherInput_ShouldBeAlreadyExists()
    {
        var arn = await MachineAsync(WaitForever);
        await service.StartExecutionAsync(arn, "order-1", """{"a":1}""");
        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, await ErrorCodeOf(() => service.StartExecutionAsync(arn, "order-1", """{"a":2}""")));
    }

    [Fact]
    public async Task StartExecution_WhenSameNameAfterCompletion_ShouldBeAlreadyExists()
    {
        var arn = await MachineAsync();
        var first = await service.StartExecutionAsync(arn, "order-1", "{}");
        await service.WaitForCompletionAsync(first.ExecutionArn);
        Assert.Equal(StepFunctionsErrorCodes.ExecutionAlreadyExists, await ErrorCodeOf(() => service.StartExecutionAsync(arn, "order-1", "{}")));
    }

    [Fact]
    public async Task StartExecution_WhenInputIsNotJson_ShouldBeInvalidExecutionInput()
    {
        var arn = await MachineAsync();
        Assert.Equal(StepFunctionsErrorCodes.InvalidExecutionInput, await ErrorCodeOf(() => service.StartExecutionAsync(arn, "x", "{not json")));
    }

    [Fact]
    public async Task ListExecutions_WhenPaged_ShouldReturnEveryExecutionOnce()
    {
        var arn = await MachineAsync();
        for (var i = 0; i < 5; i++)
        {
            await service.WaitForCompletionAsync((await service.StartExecutionAsync(arn, $"e{i}", "{}")).ExecutionArn);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await service.ListExecutionsAsync(arn, ExecutionStatus.Succeeded, maxResults: 2, nextToken: token);
            names.AddRange(page.Items.Select(e => e.Name));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal("e4,e3,e2,e1,e0", string.Join(",", names));
    }

    [Fact]
    public async Task GetExecutionHistory_WhenReversed_ShouldStartWithTheLastEvent()
    {
        var arn = await MachineAsync();
        var start = await service.StartExecutionAsync(arn, "h", "{}");
        await service.WaitForCompletionAsync(start.ExecutionArn);
        var page = await service.GetExecutionHistoryAsync(start.ExecutionArn, reverseOrder: true);
        Assert.Equal("ExecutionSucceeded,PassStateExited,PassStateEntered,ExecutionStarted", string.Join(",", page.Items.Select(e => e.Type)));
    }

    [Fact]
    public async Task GetExecutionHistory_WhenTaskFails_ShouldRecordAwsEventNames()
    {
        var arn = await MachineAsync(FailMachine);
        var start = await service.StartExecutionAsync(arn, "f", "{}");
        await service.WaitForCompletionAsync(start.ExecutionArn);
        var page = await service.GetExecutionHistoryAsync(start.ExecutionArn);
        Assert.Equal(
            "ExecutionStarted,PassStateEntered,PassStateExited,TaskStateEntered,LambdaFunctionScheduled,LambdaFunctionStarted,LambdaFunctionFailed,ExecutionFailed",
            string.Join(",", page.Items.Select(e => e.Type)));
    }

    [Fact]
    public async Task StopExecution_WhenRunning_ShouldAbortWithErrorAndCause()
    {
        var arn = await MachineAsync(WaitForever);
        var start = await service.StartExecutionAsync(arn, "s", "{}");
        await service.StopExecutionAsync(start.ExecutionArn, "Ops.Stop", "testing");
        var description = await service.DescribeExecutionAsync(start.ExecutionArn);
        Assert.Equal((ExecutionStatus.Aborted, "Ops.Stop", "testing", "REDRIVABLE"), (description.Status, description.Error, description.Cause, description.RedriveStatus));
    }

    [Fact]
    public async Task RedriveExecution_WhenSucceeded_ShouldBeNotRedrivable()
    {
        var arn = await MachineAsync();
        var start = await service.StartExecutionAsync(arn, "ok", "{}");
        await service.WaitForCompletionAsync(start.ExecutionArn);
        Assert.Equal(StepFunctionsErrorCodes.ExecutionNotRedrivable, await ErrorCodeOf(() => service.RedriveExecutionAsync(start.ExecutionArn)));
    }

    [Fact]
    public async Task RedriveExecution_WhenOlderThanFourteenDays_ShouldBeNotRedrivable()
    {
        var arn = await MachineAsync(FailMachine);
        var start = await service.StartExecutionAsync(arn, "old", "{}");
        await service.WaitForCompletionAsync(start.ExecutionArn);
        clock.Advance(TimeSpan.FromDays(15));
        Assert.Equal(StepFunctionsErrorCodes.ExecutionNotRedrivable, await ErrorCodeOf(() => service.RedriveExecutionAsync(start.ExecutionArn)));
    }

    [Fact]
    public async Task RedriveExecution_WhenFailed_ShouldRecordExecutionRedrivenAndCountIt()
    {
        var arn = await MachineAsync(FailMachine);
        var start = await service.StartExecutionAsync(arn, "again", "{}");
        await service.WaitForCompletionAsync(start.ExecutionArn);
        await service.RedriveExecutionAsync(start.ExecutionArn);
        var description = await service.WaitForCompletionAsync(start.ExecutionArn);
        var history = await service.GetExecutionHistoryAsync(start.ExecutionArn, maxResults: 1000);
        Assert.Equal((1, 1, 1), (description.RedriveCount, history.Items.Count(e => e.Type == "ExecutionRedriven"), history.Items.Count(e => e.Type == "PassStateEntered")));
    }

    [Fact]
    public async Task SendTaskSuccess_WhenTokenIsOutstanding_ShouldCompleteTheTask()
    {
        var arn = await MachineAsync("""{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:echo.waitForTaskToken","Parameters":{"token.$":"$$.Task.Token"},"End":true}}}""");
        var lambda = new FakeLambda();
        var start = await service.StartExecutionAsync(arn, "cb", "{}");
        var token = await WaitForTokenAsync(start.ExecutionArn);
        service.SendTaskSuccess(token, """{"done":true}""");
        var description = await service.WaitForCompletionAsync(start.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((ExecutionStatus.Succeeded, """{"done":true}"""), (description.Status, description.Output));
    }

    [Fact]
    public void SendTaskFailure_WhenTokenUnknown_ShouldBeTaskDoesNotExist()
    {
        var e = Assert.Throws<StepFunctionsException>(() => service.SendTaskFailure("nope", "E", "C"));
        Assert.Equal(StepFunctionsErrorCodes.TaskDoesNotExist, e.ErrorCode);
    }

    private async Task<string> WaitForTokenAsync(string executionArn)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var history = await service.GetExecutionHistoryAsync(executionArn, maxResults: 1000);
            var scheduled = history.Items.FirstOrDefault(e => e.Type == "LambdaFunctionScheduled");
            if (scheduled?.Details?["input"] is { } input)
            {
                return System.Text.Json.Nodes.JsonNode.Parse(input.GetValue<string>())!["token"]!.GetValue<string>();
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The task token never appeared in the history.");
    }
}
