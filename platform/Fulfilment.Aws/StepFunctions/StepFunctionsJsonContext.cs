using System.Text.Json.Serialization;
using Fulfilment.Aws.Internal;
using Fulfilment.Aws.StepFunctions.Model;

namespace Fulfilment.Aws.StepFunctions;

/// <summary>Source-generated JSON for the Step Functions wire format (camelCase members, epoch-second timestamps).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateStateMachineRequest))]
[JsonSerializable(typeof(CreateStateMachineResponse))]
[JsonSerializable(typeof(DeleteStateMachineRequest))]
[JsonSerializable(typeof(DeleteStateMachineResponse))]
[JsonSerializable(typeof(DescribeExecutionRequest))]
[JsonSerializable(typeof(DescribeExecutionResponse))]
[JsonSerializable(typeof(DescribeStateMachineRequest))]
[JsonSerializable(typeof(DescribeStateMachineResponse))]
[JsonSerializable(typeof(GetExecutionHistoryRequest))]
[JsonSerializable(typeof(GetExecutionHistoryResponse))]
[JsonSerializable(typeof(ListExecutionsRequest))]
[JsonSerializable(typeof(ListExecutionsResponse))]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesResponse))]
[JsonSerializable(typeof(RedriveExecutionRequest))]
[JsonSerializable(typeof(RedriveExecutionResponse))]
[JsonSerializable(typeof(SendTaskFailureRequest))]
[JsonSerializable(typeof(SendTaskHeartbeatRequest))]
[JsonSerializable(typeof(SendTaskResponse))]
[JsonSerializable(typeof(SendTaskSuccessRequest))]
[JsonSerializable(typeof(StartExecutionRequest))]
[JsonSerializable(typeof(StartExecutionResponse))]
[JsonSerializable(typeof(StartSyncExecutionRequest))]
[JsonSerializable(typeof(StartSyncExecutionResponse))]
[JsonSerializable(typeof(StopExecutionRequest))]
[JsonSerializable(typeof(StopExecutionResponse))]
[JsonSerializable(typeof(UpdateStateMachineRequest))]
[JsonSerializable(typeof(UpdateStateMachineResponse))]
public sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
