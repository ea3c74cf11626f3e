using System.Net;

namespace Fulfilment.Aws;

/// <summary>Maps AWS JSON-protocol error names to typed exceptions and tells which are retryable.</summary>
public static class AwsErrors
{
    /// <summary>
    /// The error name in a <c>__type</c>, <c>code</c> or <c>x-amzn-ErrorType</c> value, cut as the official SDKs cut it: before a
    /// <c>,</c>, before a <c>:</c> (<c>Name:http://internal.amazon.com/...</c>), after a namespace's <c>#</c> (<c>com.amazonaws.states#Name</c>).
    /// </summary>
    public static string NormalizeErrorName(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            return "";
        }

        var name = type.AsSpan();
        var comma = name.IndexOf(',');
        name = comma >= 0 ? name[..comma] : name;
        var colon = name.IndexOf(':');
        name = colon >= 0 ? name[..colon] : name;
        var hash = name.IndexOf('#');
        if (hash >= 0)
        {
            name = name[(hash + 1)..];
            var next = name.IndexOf('#');
            name = next >= 0 ? name[..next] : name;
        }

        return name.ToString();
    }

    /// <summary>Creates the typed exception for an error name (unknown names give <see cref="AwsServiceException"/>).</summary>
    public static AwsServiceException Create(string errorName, string message, HttpStatusCode status, string? requestId)
    {
        AwsServiceException ex = errorName switch
        {
            "ThrottledException" or "TooManyRequestsException" or "RequestLimitExceeded" => new ThrottlingException(message),
            "InternalServerError" or "InternalFailure" => new InternalServerException(message),
            "Validation" or "ValidationException" => new ValidationException(message),
            "Throttling" or "ThrottlingException" => new ThrottlingException(message),
            "InternalServer" or "InternalServerException" => new InternalServerException(message),
            "ServiceUnavailable" or "ServiceUnavailableException" => new ServiceUnavailableException(message),
            "AccessDenied" or "AccessDeniedException" => new AccessDeniedException(message),
            "UnrecognizedClient" or "UnrecognizedClientException" => new UnrecognizedClientException(message),
            "MissingAuthenticationToken" or "MissingAuthenticationTokenException" => new MissingAuthenticationTokenException(message),
            "IncompleteSignature" or "IncompleteSignatureException" => new IncompleteSignatureException(message),
            "Serialization" or "SerializationException" => new SerializationException(message),
            "UnknownOperation" or "UnknownOperationException" => new UnknownOperationException(message),
            "ExecutionAlreadyExists" or "ExecutionAlreadyExistsException" => new StepFunctions.ExecutionAlreadyExistsException(message),
            "ExecutionDoesNotExist" or "ExecutionDoesNotExistException" => new StepFunctions.ExecutionDoesNotExistException(message),
            "ExecutionLimitExceeded" or "ExecutionLimitExceededException" => new StepFunctions.ExecutionLimitExceededException(message),
            "ExecutionNotRedrivable" or "ExecutionNotRedrivableException" => new StepFunctions.ExecutionNotRedrivableException(message),
            "InvalidArn" or "InvalidArnException" => new StepFunctions.InvalidArnException(message),
            "InvalidDefinition" or "InvalidDefinitionException" => new StepFunctions.InvalidDefinitionException(message),
            "InvalidExecutionInput" or "InvalidExecutionInputException" => new StepFunctions.InvalidExecutionInputException(message),
            "InvalidName" or "InvalidNameException" => new StepFunctions.InvalidNameException(message),
            "InvalidOutput" or "InvalidOutputException" => new StepFunctions.InvalidOutputException(message),
            "InvalidToken" or "InvalidTokenException" => new StepFunctions.InvalidTokenException(message),
            "StateMachineAlreadyExists" or "StateMachineAlreadyExistsException" => new StepFunctions.StateMachineAlreadyExistsException(message),
            "StateMachineDeleting" or "StateMachineDeletingException" => new StepFunctions.StateMachineDeletingException(message),
            "StateMachineDoesNotExist" or "StateMachineDoesNotExistException" => new StepFunctions.StateMachineDoesNotExistException(message),
            "StateMachineTypeNotSupported" or "StateMachineTypeNotSupportedException" => new StepFunctions.StateMachineTypeNotSupportedException(message),
            "TaskDoesNotExist" or "TaskDoesNotExistException" => new StepFunctions.TaskDoesNotExistException(message),
            "TaskTimedOut" or "TaskTimedOutException" => new StepFunctions.TaskTimedOutException(message),
            "Conflict" or "ConflictException" => new StepFunctions.ConflictException(message),
            "ResourceNotFound" or "ResourceNotFoundException" => new EventBridge.ResourceNotFoundException(message),
            "ResourceAlreadyExists" or "ResourceAlreadyExistsException" => new EventBridge.ResourceAlreadyExistsException(message),
            "InvalidEventPattern" or "InvalidEventPatternException" => new EventBridge.InvalidEventPatternException(message),
            "LimitExceeded" or "LimitExceededException" => new EventBridge.LimitExceededException(message),
            "ConcurrentModification" or "ConcurrentModificationException" => new EventBridge.ConcurrentModificationException(message),
            "Internal" or "InternalException" => new EventBridge.InternalException(message),
            "ManagedRule" or "ManagedRuleException" => new EventBridge.ManagedRuleException(message),
            "IllegalStatus" or "IllegalStatusException" => new EventBridge.IllegalStatusException(message),
            "OperationDisabled" or "OperationDisabledException" => new EventBridge.OperationDisabledException(message),
            _ => new AwsServiceException(message),
        };
        return ex.WithDetails(errorName, status, requestId);
    }

    /// <summary>
    /// The name a service puts in <c>__type</c> for an exception: its <c>ErrorCode</c> when it came from the wire, else the
    /// class name (Step Functions names drop the <c>Exception</c> suffix, e.g. <c>ExecutionAlreadyExists</c>).
    /// </summary>
    public static string WireName(AwsServiceException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.ErrorCode.Length > 0)
        {
            return exception.ErrorCode;
        }

        var type = exception.GetType();
        var name = type.Name;
        return type.Namespace == typeof(StepFunctions.StepFunctionsClient).Namespace && name != "ValidationException" && name.EndsWith("Exception", StringComparison.Ordinal)
            ? name[..^"Exception".Length]
            : name;
    }

    /// <summary>Throttling names, 429 and 5xx statuses are retryable.</summary>
    public static bool IsRetryable(string errorName, HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || errorName is "ThrottlingException" or "Throttling" or "ThrottledException" or "TooManyRequestsException"
            or "RequestLimitExceeded" or "ProvisionedThroughputExceededException" or "RequestThrottled" or "ServiceUnavailable";

    private static AwsServiceException WithDetails(this AwsServiceException ex, string errorName, HttpStatusCode status, string? requestId)
    {
        ex.ErrorCode = errorName;
        ex.StatusCode = status;
        ex.RequestId = requestId;
        return ex;
    }
}
