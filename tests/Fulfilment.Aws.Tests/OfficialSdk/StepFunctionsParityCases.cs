using Fulfilment.Aws.StepFunctions.Model;
using static Fulfilment.Aws.Tests.OfficialSdk.CannedResponse;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>The Step Functions calls (the same values are in sdk-parity.mjs); strings carry quotes, escapes, markup and non-ASCII on purpose.</summary>
public static class StepFunctionsParityCases
{
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment";
    public const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:01HXAMPLE0RDER";
    public const string RoleArn = "arn:aws:iam::123456789012:role/order-fulfilment-sfn";
    public const string Definition = """{"Comment":"a < b & c > d, \"quoted\", ü","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";
    public const string Input = """{"orderId":"01HXAMPLE0RDER","note":"quote \" backslash \\ tag </script> euro €"}""";
    public const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAU+/token=with+slash/and=equals==";
    public const string ClientToken = "0f8fad5b-d9cb-469f-a165-70867728950e";

    // 2024-05-01T12:00:00.123Z and 2024-05-01T12:00:05Z as the service writes them: epoch seconds.
    private const string Started = "1714564800.123";
    private const string Stopped = "1714564805";

    public static IReadOnlyList<ParityCase> All { get; } =
    [
        new("states.CreateStateMachine",
            Ok($$"""{"stateMachineArn":"{{StateMachineArn}}","creationDate":{{Started}},"stateMachineVersionArn":"{{StateMachineArn}}:1"}"""),
            c => c.StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = "order-fulfilment", Definition = Definition, RoleArn = RoleArn, Type = "EXPRESS", Publish = true,
            })),
        new("states.UpdateStateMachine",
            Ok($$"""{"updateDate":{{Started}},"revisionId":"rev-2"}"""),
            c => c.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = StateMachineArn, Definition = Definition, RoleArn = RoleArn })),
        new("states.DescribeStateMachine",
            Ok($$"""{"stateMachineArn":"{{StateMachineArn}}","name":"order-fulfilment","status":"ACTIVE","definition":{{JsonString(Definition)}},"roleArn":"{{RoleArn}}","type":"STANDARD","creationDate":{{Started}},"revisionId":"rev-2"}"""),
            c => c.StepFunctions.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = StateMachineArn })),
        new("states.ListStateMachines",
            Ok($$"""{"stateMachines":[{"stateMachineArn":"{{StateMachineArn}}","name":"order-fulfilment","type":"STANDARD","creationDate":{{Started}}}],"nextToken":"page-3"}"""),
            c => c.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest { MaxResults = 25, NextToken = "page-2" })),
        new("states.DeleteStateMachine",
            Ok("{}"),
            c => c.StepFunctions.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = StateMachineArn })),
        new("states.StartExecution",
            Ok($$"""{"executionArn":"{{ExecutionArn}}","startDate":{{Started}}}"""),
            c => c.StepFunctions.StartExecutionAsync(new StartExecutionRequest
            {
                StateMachineArn = StateMachineArn, Name = "01HXAMPLE0RDER", Input = Input,
                TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            })),
        new("states.StartSyncExecution",
            Ok($$"""{"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"01HXAMPLE0RDER","startDate":{{Started}},"stopDate":{{Stopped}},"status":"SUCCEEDED","input":{{JsonString(Input)}},"output":"{}"}"""),
            c => c.StepFunctions.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = StateMachineArn, Name = "01HXAMPLE0RDER", Input = Input })),
        new("states.DescribeExecution",
            Ok($$"""{"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"01HXAMPLE0RDER","status":"FAILED","startDate":{{Started}},"stopDate":{{Stopped}},"input":"{}","error":"PaymentDeclined","cause":"card declined","redriveCount":1,"redriveDate":{{Stopped}},"redriveStatus":"REDRIVABLE"}"""),
            c => c.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = ExecutionArn })),
        new("states.ListExecutions",
            Ok($$"""{"executions":[{"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"01HXAMPLE0RDER","status":"FAILED","startDate":{{Started}},"stopDate":{{Stopped}}}],"nextToken":"page-3"}"""),
            c => c.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest
            {
                StateMachineArn = StateMachineArn, StatusFilter = "FAILED", RedriveFilter = "NOT_REDRIVEN", MaxResults = 100, NextToken = "page-2",
            })),
        new("states.GetExecutionHistory",
            Ok($$$"""{"events":[{"timestamp":{{{Started}}},"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{}","roleArn":"{{{RoleArn}}}"}},{"timestamp":{{{Stopped}}},"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"ReserveInventory","input":"{}"}}],"nextToken":"page-3"}"""),
            c => c.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest
            {
                ExecutionArn = ExecutionArn, MaxResults = 50, ReverseOrder = true, NextToken = "page-2", IncludeExecutionData = false,
            })),
        new("states.StopExecution",
            Ok($$"""{"stopDate":{{Stopped}}}"""),
            c => c.StepFunctions.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = ExecutionArn, Error = "Ops.Stopped", Cause = "stopped by the runbook: \"duplicate\"" })),
        new("states.RedriveExecution#withToken",
            Ok($$"""{"redriveDate":{{Stopped}}}"""),
            c => c.StepFunctions.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = ExecutionArn, ClientToken = ClientToken })),
        new("states.RedriveExecution#withoutToken",
            Ok($$"""{"redriveDate":{{Stopped}}}"""),
            c => c.StepFunctions.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = ExecutionArn }),
            FillsIdempotencyToken: true),
        new("states.SendTaskSuccess",
            Ok("{}"),
            c => c.StepFunctions.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = TaskToken, Output = Input })),
        new("states.SendTaskFailure",
            Ok("{}"),
            c => c.StepFunctions.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = TaskToken, Error = "PaymentDeclined", Cause = "card declined" })),
        new("states.SendTaskHeartbeat",
            Ok("{}"),
            c => c.StepFunctions.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = TaskToken })),
    ];
}
