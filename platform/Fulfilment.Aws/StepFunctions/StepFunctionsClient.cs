using Fulfilment.Aws.Internal;
using Fulfilment.Aws.StepFunctions.Model;

namespace Fulfilment.Aws.StepFunctions;

/// <summary>Thin Step Functions client (AWS JSON 1.0, target prefix <c>AWSStepFunctions.</c>) for the operations this system uses.</summary>
public sealed class StepFunctionsClient : IDisposable
{
    internal static readonly ServiceDescription Service = new("states", "states", "SFN", "1.0", "AWSStepFunctions.");

    // The service model's endpoint trait on StartSyncExecution (and TestState): {"hostPrefix": "sync-"}.
    private const string SyncHostPrefix = "sync-";

    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client; endpoint, region and credentials default to the standard AWS resolution.</summary>
    public StepFunctionsClient(AwsClientConfig? config = null, HttpClient? httpClient = null)
    {
        _transport = new AwsJsonTransport(config ?? new AwsClientConfig(), Service, httpClient);
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>The region this client signs for.</summary>
    public string Region => _transport.Region;

    /// <summary>Calls <c>CreateStateMachine</c>.</summary>
    public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.CreateStateMachine", request, StepFunctionsJsonContext.Default.CreateStateMachineRequest, StepFunctionsJsonContext.Default.CreateStateMachineResponse, cancellationToken);

    /// <summary>Calls <c>UpdateStateMachine</c>.</summary>
    public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.UpdateStateMachine", request, StepFunctionsJsonContext.Default.UpdateStateMachineRequest, StepFunctionsJsonContext.Default.UpdateStateMachineResponse, cancellationToken);

    /// <summary>Calls <c>DescribeStateMachine</c>.</summary>
    public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.DescribeStateMachine", request, StepFunctionsJsonContext.Default.DescribeStateMachineRequest, StepFunctionsJsonContext.Default.DescribeStateMachineResponse, cancellationToken);

    /// <summary>Calls <c>ListStateMachines</c>.</summary>
    public Task<ListStateMachinesResponse> ListStateMachinesAsync(ListStateMachinesRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.ListStateMachines", request, StepFunctionsJsonContext.Default.ListStateMachinesRequest, StepFunctionsJsonContext.Default.ListStateMachinesResponse, cancellationToken);

    /// <summary>Calls <c>DeleteStateMachine</c>.</summary>
    public Task<DeleteStateMachineResponse> DeleteStateMachineAsync(DeleteStateMachineRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.DeleteStateMachine", request, StepFunctionsJsonContext.Default.DeleteStateMachineRequest, StepFunctionsJsonContext.Default.DeleteStateMachineResponse, cancellationToken);

    /// <summary>Calls <c>StartExecution</c>.</summary>
    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.StartExecution", request, StepFunctionsJsonContext.Default.StartExecutionRequest, StepFunctionsJsonContext.Default.StartExecutionResponse, cancellationToken);

    /// <summary>Calls <c>StartSyncExecution</c> on the <c>sync-</c> host (<c>sync-states.&lt;region&gt;.amazonaws.com</c>), as its endpoint trait says.</summary>
    public Task<StartSyncExecutionResponse> StartSyncExecutionAsync(StartSyncExecutionRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.StartSyncExecution", SyncHostPrefix, request, StepFunctionsJsonContext.Default.StartSyncExecutionRequest, StepFunctionsJsonContext.Default.StartSyncExecutionResponse, cancellationToken);

    /// <summary>Calls <c>DescribeExecution</c>.</summary>
    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.DescribeExecution", request, StepFunctionsJsonContext.Default.DescribeExecutionRequest, StepFunctionsJsonContext.Default.DescribeExecutionResponse, cancellationToken);

    /// <summary>Calls <c>ListExecutions</c>.</summary>
    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.ListExecutions", request, StepFunctionsJsonContext.Default.ListExecutionsRequest, StepFunctionsJsonContext.Default.ListExecutionsResponse, cancellationToken);

    /// <summary>Calls <c>GetExecutionHistory</c>.</summary>
    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.GetExecutionHistory", request, StepFunctionsJsonContext.Default.GetExecutionHistoryRequest, StepFunctionsJsonContext.Default.GetExecutionHistoryResponse, cancellationToken);

    /// <summary>Calls <c>StopExecution</c>.</summary>
    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.StopExecution", request, StepFunctionsJsonContext.Default.StopExecutionRequest, StepFunctionsJsonContext.Default.StopExecutionResponse, cancellationToken);

    /// <summary>Calls <c>RedriveExecution</c>; without a <c>ClientToken</c> it sends a new UUID v4, as the SDKs fill in an idempotency token.</summary>
    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.RedriveExecution", WithClientToken(request), StepFunctionsJsonContext.Default.RedriveExecutionRequest, StepFunctionsJsonContext.Default.RedriveExecutionResponse, cancellationToken);

    /// <summary>Calls <c>SendTaskSuccess</c>.</summary>
    public Task<SendTaskResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.SendTaskSuccess", request, StepFunctionsJsonContext.Default.SendTaskSuccessRequest, StepFunctionsJsonContext.Default.SendTaskResponse, cancellationToken);

    /// <summary>Calls <c>SendTaskFailure</c>.</summary>
    public Task<SendTaskResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.SendTaskFailure", request, StepFunctionsJsonContext.Default.SendTaskFailureRequest, StepFunctionsJsonContext.Default.SendTaskResponse, cancellationToken);

    /// <summary>Calls <c>SendTaskHeartbeat</c>.</summary>
    public Task<SendTaskResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSStepFunctions.SendTaskHeartbeat", request, StepFunctionsJsonContext.Default.SendTaskHeartbeatRequest, StepFunctionsJsonContext.Default.SendTaskResponse, cancellationToken);

    public void Dispose() => _transport.Dispose();

    // clientToken is the only member the Step Functions model marks @idempotencyToken. One token per call, not per attempt:
    // the transport serializes once, so its retries repeat it and the service applies the redrive once.
    private static RedriveExecutionRequest WithClientToken(RedriveExecutionRequest request) =>
        request.ClientToken is null ? request with { ClientToken = Guid.NewGuid().ToString() } : request;
}
