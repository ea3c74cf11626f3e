using System.Net;
using System.Text.Json;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Service;
using Engine = Fulfilment.Local.StepFunctions;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>The <c>AWSStepFunctions.*</c> operations: the JSON 1.0 wire shapes of <c>Fulfilment.Aws</c> over the local engine's API.</summary>
internal static class StepFunctionsOperations
{
    public static JsonOperations Create(ExecutionService engine)
    {
        var c = StepFunctionsJsonContext.Default;
        return new JsonOperations()
            .Add("CreateStateMachine", c.CreateStateMachineRequest, c.CreateStateMachineResponse, (r, ct) => Call(async () =>
            {
                var d = await engine.CreateStateMachineAsync(r.Name, r.Definition, r.RoleArn, r.Type ?? "STANDARD", ct);
                return new CreateStateMachineResponse { StateMachineArn = d.StateMachineArn, CreationDate = d.CreationDate };
            }))
            .Add("UpdateStateMachine", c.UpdateStateMachineRequest, c.UpdateStateMachineResponse, (r, ct) => Call(async () =>
            {
                var d = await engine.UpdateStateMachineAsync(r.StateMachineArn, r.Definition, r.RoleArn, ct);
                return new UpdateStateMachineResponse { UpdateDate = DateTimeOffset.UtcNow, RevisionId = d.RevisionId };
            }))
            .Add("DescribeStateMachine", c.DescribeStateMachineRequest, c.DescribeStateMachineResponse, (r, ct) => Call(async () =>
            {
                var d = await engine.DescribeStateMachineAsync(r.StateMachineArn, ct);
                return new DescribeStateMachineResponse
                {
                    StateMachineArn = d.StateMachineArn, Name = d.Name, Status = d.Status, Definition = d.Definition, RoleArn = d.RoleArn,
                    Type = d.Type, CreationDate = d.CreationDate, RevisionId = d.RevisionId,
                };
            }))
            .Add("ListStateMachines", c.ListStateMachinesRequest, c.ListStateMachinesResponse, (r, ct) => Call(async () =>
            {
                var page = await engine.ListStateMachinesAsync(r.MaxResults, r.NextToken, ct);
                return new ListStateMachinesResponse
                {
                    StateMachines = page.Items.Select(i => new Aws.StepFunctions.Model.StateMachineListItem
                    {
                        StateMachineArn = i.StateMachineArn, Name = i.Name, Type = i.Type, CreationDate = i.CreationDate,
                    }).ToList(),
                    NextToken = page.NextToken,
                };
            }))
            .Add("DeleteStateMachine", c.DeleteStateMachineRequest, c.DeleteStateMachineResponse, (r, ct) => Call(async () =>
            {
                await engine.DeleteStateMachineAsync(r.StateMachineArn, ct);
                return new DeleteStateMachineResponse();
            }))
            .Add("StartExecution", c.StartExecutionRequest, c.StartExecutionResponse, (r, ct) => Call(async () =>
            {
                var started = await engine.StartExecutionAsync(r.StateMachineArn, r.Name, r.Input, ct);
                return new StartExecutionResponse { ExecutionArn = started.ExecutionArn, StartDate = started.StartDate };
            }))
            .Add("StartSyncExecution", c.StartSyncExecutionRequest, c.StartSyncExecutionResponse, (r, ct) => Call(async () =>
            {
                var machine = await engine.DescribeStateMachineAsync(r.StateMachineArn, ct);
                if (machine.Type != "EXPRESS")
                {
                    throw new StateMachineTypeNotSupportedException("This operation is not supported by this type of state machine.");
                }

                var started = await engine.StartExecutionAsync(r.StateMachineArn, r.Name, r.Input, ct);
                var d = await engine.WaitForCompletionAsync(started.ExecutionArn, ct);
                return new StartSyncExecutionResponse
                {
                    ExecutionArn = d.ExecutionArn, StateMachineArn = d.StateMachineArn, Name = d.Name, StartDate = d.StartDate,
                    StopDate = d.StopDate ?? DateTimeOffset.UtcNow, Status = d.Status, Error = d.Error, Cause = d.Cause, Input = d.Input, Output = d.Output,
                };
            }))
            .Add("DescribeExecution", c.DescribeExecutionRequest, c.DescribeExecutionResponse, (r, ct) => Call(async () =>
            {
                var d = await engine.DescribeExecutionAsync(r.ExecutionArn, ct);
                return new DescribeExecutionResponse
                {
                    ExecutionArn = d.ExecutionArn, StateMachineArn = d.StateMachineArn, Name = d.Name, Status = d.Status, StartDate = d.StartDate,
                    StopDate = d.StopDate, Input = d.Input, Output = d.Output, Error = d.Error, Cause = d.Cause, RedriveCount = d.RedriveCount,
                    RedriveDate = d.RedriveDate, RedriveStatus = d.RedriveStatus, RedriveStatusReason = d.RedriveStatusReason,
                };
            }))
            .Add("ListExecutions", c.ListExecutionsRequest, c.ListExecutionsResponse, (r, ct) => Call(async () =>
            {
                if (r.StateMachineArn is null)
                {
                    throw new ValidationException("Must provide a StateMachine ARN or MapRun ARN");
                }

                var page = await engine.ListExecutionsAsync(r.StateMachineArn, r.StatusFilter, r.MaxResults, r.NextToken, ct);
                return new ListExecutionsResponse
                {
                    // The engine has no redrive filter: applied here, per page.
                    Executions = page.Items
                        .Where(i => r.RedriveFilter switch { "REDRIVEN" => i.RedriveCount > 0, "NOT_REDRIVEN" => i.RedriveCount == 0, _ => true })
                        .Select(i => new Aws.StepFunctions.Model.ExecutionListItem
                        {
                            ExecutionArn = i.ExecutionArn, StateMachineArn = i.StateMachineArn, Name = i.Name, Status = i.Status, StartDate = i.StartDate,
                            StopDate = i.StopDate, RedriveCount = i.RedriveCount, RedriveDate = i.RedriveDate,
                        }).ToList(),
                    NextToken = page.NextToken,
                };
            }))
            .Add("GetExecutionHistory", c.GetExecutionHistoryRequest, c.GetExecutionHistoryResponse, (r, ct) => Call(async () =>
            {
                var page = await engine.GetExecutionHistoryAsync(r.ExecutionArn, r.MaxResults, r.NextToken, r.ReverseOrder ?? false, r.IncludeExecutionData ?? true, ct);
                return new GetExecutionHistoryResponse { Events = page.Items.Select(ToWire).ToList(), NextToken = page.NextToken };
            }))
            .Add("StopExecution", c.StopExecutionRequest, c.StopExecutionResponse, (r, ct) => Call(async () =>
                new StopExecutionResponse { StopDate = await engine.StopExecutionAsync(r.ExecutionArn, r.Error, r.Cause, ct) }))
            .Add("RedriveExecution", c.RedriveExecutionRequest, c.RedriveExecutionResponse, (r, ct) => Call(async () =>
                new RedriveExecutionResponse { RedriveDate = await engine.RedriveExecutionAsync(r.ExecutionArn, ct) }))
            .Add("SendTaskSuccess", c.SendTaskSuccessRequest, c.SendTaskResponse, (r, _) => Call(() =>
            {
                engine.SendTaskSuccess(r.TaskToken, r.Output);
                return Task.FromResult(new SendTaskResponse());
            }))
            .Add("SendTaskFailure", c.SendTaskFailureRequest, c.SendTaskResponse, (r, _) => Call(() =>
            {
                engine.SendTaskFailure(r.TaskToken, r.Error, r.Cause);
                return Task.FromResult(new SendTaskResponse());
            }))
            .Add("SendTaskHeartbeat", c.SendTaskHeartbeatRequest, c.SendTaskResponse, (r, _) => Call(() =>
            {
                engine.SendTaskHeartbeat(r.TaskToken);
                return Task.FromResult(new SendTaskResponse());
            }));
    }

    private static Aws.StepFunctions.Model.HistoryEvent ToWire(Engine.Execution.HistoryEvent e)
    {
        // The details go out under their AWS member name (e.g. taskScheduledEventDetails) exactly as the engine built them.
        Dictionary<string, JsonElement>? details = null;
        if (e.DetailsName is not null && e.Details is not null)
        {
            using var doc = JsonDocument.Parse(e.Details.ToJsonString());
            details = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [e.DetailsName] = doc.RootElement.Clone() };
        }

        return new Aws.StepFunctions.Model.HistoryEvent
        {
            Id = e.Id, PreviousEventId = e.PreviousEventId, Type = e.Type, Timestamp = e.Timestamp, OtherDetails = details,
        };
    }

    private static async Task<T> Call<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (StepFunctionsException ex)
        {
            // The engine's error names are the AWS ones; the typed exception carries them to the wire unchanged.
            throw AwsErrors.Create(ex.ErrorCode, ex.Message, HttpStatusCode.BadRequest, null);
        }
    }
}
