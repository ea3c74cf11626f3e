using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;
using Shouldly;

namespace Fulfilment.Aws.Tests;

/// <summary>Our Step Functions client against the edge and the local engine: every operation and its AWS errors.</summary>
[Collection(EdgeBackedCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StepFunctionsClientTests(EdgeBackedFixture edge) : IDisposable
{
    private const string PassMachine = """{ "StartAt": "Done", "States": { "Done": { "Type": "Pass", "End": true } } }""";
    private const string FailMachine = """{ "StartAt": "Boom", "States": { "Boom": { "Type": "Fail", "Error": "Broken", "Cause": "on purpose" } } }""";
    private const string WaitMachine = """{ "StartAt": "Wait", "States": { "Wait": { "Type": "Wait", "Seconds": 600, "End": true } } }""";
    private const string Role = "arn:aws:iam::000000000000:role/local";

    private readonly StepFunctionsClient _sfn = edge.StepFunctions();

    public void Dispose() => _sfn.Dispose();

    [Fact]
    public async Task StartExecution_WhenMachinePasses_ShouldSucceedWithItsInputAsOutput()
    {
        var machine = await CreateAsync(PassMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = """{"a":1}""" });

        var done = await WaitForEndAsync(started.ExecutionArn);
        (done.Status, done.Output).ShouldBe(("SUCCEEDED", """{"a":1}"""));
    }

    [Fact]
    public async Task StartExecution_WhenSameNameWithOtherInput_ShouldThrowExecutionAlreadyExists()
    {
        var machine = await CreateAsync(PassMachine);
        await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "order-1", Input = """{"a":1}""" });

        await Should.ThrowAsync<ExecutionAlreadyExistsException>(() =>
            _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "order-1", Input = """{"a":2}""" }));
    }

    [Fact]
    public async Task DescribeExecution_WhenUnknown_ShouldThrowExecutionDoesNotExist()
    {
        await Should.ThrowAsync<ExecutionDoesNotExistException>(() => _sfn.DescribeExecutionAsync(new DescribeExecutionRequest
        {
            ExecutionArn = "arn:aws:states:us-east-1:000000000000:execution:nope:nope",
        }));
    }

    [Fact]
    public async Task CreateStateMachine_WhenDefinitionInvalid_ShouldThrowInvalidDefinition()
    {
        await Should.ThrowAsync<InvalidDefinitionException>(() => _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "bad-" + Guid.NewGuid().ToString("N")[..8], Definition = """{ "StartAt": "Missing", "States": {} }""", RoleArn = Role,
        }));
    }

    [Fact]
    public async Task DescribeStateMachine_WhenUnknown_ShouldThrowStateMachineDoesNotExist()
    {
        await Should.ThrowAsync<StateMachineDoesNotExistException>(() => _sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest
        {
            StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:nope",
        }));
    }

    [Fact]
    public async Task GetExecutionHistory_WhenReverseOrder_ShouldStartWithTheLastEvent()
    {
        var machine = await CreateAsync(PassMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await WaitForEndAsync(started.ExecutionArn);

        var history = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn, ReverseOrder = true });
        (history.Events[0].Type, history.Events[^1].Type).ShouldBe(("ExecutionSucceeded", "ExecutionStarted"));
    }

    [Fact]
    public async Task GetExecutionHistory_WhenPaged_ShouldReturnANextToken()
    {
        var machine = await CreateAsync(PassMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await WaitForEndAsync(started.ExecutionArn);

        var page = await _sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn, MaxResults = 1 });
        page.NextToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task DescribeExecution_WhenFailed_ShouldCarryErrorAndCause()
    {
        var machine = await CreateAsync(FailMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });

        var done = await WaitForEndAsync(started.ExecutionArn);
        (done.Status, done.Error, done.Cause).ShouldBe(("FAILED", "Broken", "on purpose"));
    }

    [Fact]
    public async Task RedriveExecution_WhenFailed_ShouldCountTheRedrive()
    {
        var machine = await CreateAsync(FailMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await WaitForEndAsync(started.ExecutionArn);

        await _sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = started.ExecutionArn });
        var after = await Poll(() => _sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn }), d => d.Status != "RUNNING" && d.RedriveCount == 1);
        after.RedriveCount.ShouldBe(1);
    }

    [Fact]
    public async Task RedriveExecution_WhenSucceeded_ShouldThrowExecutionNotRedrivable()
    {
        var machine = await CreateAsync(PassMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await WaitForEndAsync(started.ExecutionArn);

        await Should.ThrowAsync<ExecutionNotRedrivableException>(() => _sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = started.ExecutionArn }));
    }

    [Fact]
    public async Task StopExecution_WhenRunning_ShouldAbortIt()
    {
        var machine = await CreateAsync(WaitMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await _sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = started.ExecutionArn, Error = "Ops", Cause = "test" });

        var done = await WaitForEndAsync(started.ExecutionArn);
        done.Status.ShouldBe("ABORTED");
    }

    [Fact]
    public async Task ListExecutions_WhenFilteredByStatus_ShouldListOnlyThatStatus()
    {
        var machine = await CreateAsync(PassMachine);
        var started = await _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" });
        await WaitForEndAsync(started.ExecutionArn);

        var list = await _sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, StatusFilter = "SUCCEEDED" });
        list.Executions.Select(e => e.ExecutionArn).ShouldBe([started.ExecutionArn]);
    }

    [Fact]
    public async Task ListStateMachines_WhenCreated_ShouldIncludeTheMachine()
    {
        var machine = await CreateAsync(PassMachine);
        var list = await _sfn.ListStateMachinesAsync(new ListStateMachinesRequest { MaxResults = 1000 });
        list.StateMachines.ShouldContain(m => m.StateMachineArn == machine);
    }

    [Fact]
    public async Task DeleteStateMachine_WhenDeleted_ShouldNoLongerBeDescribable()
    {
        var machine = await CreateAsync(PassMachine);
        await _sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });
        await Should.ThrowAsync<AwsServiceException>(() => _sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
    }

    [Fact]
    public async Task StartSyncExecution_WhenMachineIsExpress_ShouldReturnTheOutput()
    {
        var machine = await CreateAsync(PassMachine, type: "EXPRESS");
        var result = await _sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = """{"x":true}""" });
        (result.Status, result.Output).ShouldBe(("SUCCEEDED", """{"x":true}"""));
    }

    [Fact]
    public async Task SendTaskSuccess_WhenTokenUnknown_ShouldThrowAnAwsError()
    {
        var error = await Should.ThrowAsync<AwsServiceException>(() => _sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = "nope", Output = "{}" }));
        error.ErrorCode.ShouldBeOneOf("TaskDoesNotExist", "InvalidToken");
    }

    private async Task<string> CreateAsync(string definition, string type = "STANDARD") =>
        (await _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "m-" + Guid.NewGuid().ToString("N")[..10], Definition = definition, RoleArn = Role, Type = type,
        })).StateMachineArn;

    private Task<DescribeExecutionResponse> WaitForEndAsync(string executionArn) =>
        Poll(() => _sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }), d => d.Status != "RUNNING");

    private static async Task<T> Poll<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
