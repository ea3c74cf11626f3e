namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>An API error with the AWS error code (<see cref="ErrorCode"/>) the edge returns as <c>__type</c>, 1:1.</summary>
public sealed class StepFunctionsException : Exception
{
    /// <summary>Creates the error.</summary>
    public StepFunctionsException(string errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Required by the analyzers.</summary>
    public StepFunctionsException()
        : this(StepFunctionsErrorCodes.ValidationException, "Validation failed.")
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public StepFunctionsException(string message)
        : this(StepFunctionsErrorCodes.ValidationException, message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public StepFunctionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = StepFunctionsErrorCodes.ValidationException;
    }

    /// <summary>The AWS error code, e.g. <c>ExecutionAlreadyExists</c>.</summary>
    public string ErrorCode { get; }
}

/// <summary>The AWS Step Functions error codes this engine raises.</summary>
public static class StepFunctionsErrorCodes
{
    /// <summary>Another execution with this name exists (or the same name with another input).</summary>
    public const string ExecutionAlreadyExists = "ExecutionAlreadyExists";

    /// <summary>No such execution.</summary>
    public const string ExecutionDoesNotExist = "ExecutionDoesNotExist";

    /// <summary>The execution cannot be redriven (status, age).</summary>
    public const string ExecutionNotRedrivable = "ExecutionNotRedrivable";

    /// <summary>No such state machine.</summary>
    public const string StateMachineDoesNotExist = "StateMachineDoesNotExist";

    /// <summary>A state machine with this name and another definition exists.</summary>
    public const string StateMachineAlreadyExists = "StateMachineAlreadyExists";

    /// <summary>The state machine is being deleted.</summary>
    public const string StateMachineDeleting = "StateMachineDeleting";

    /// <summary>The definition is not valid ASL; the message lists every problem with its JSON pointer.</summary>
    public const string InvalidDefinition = "InvalidDefinition";

    /// <summary>The name breaks the naming rules.</summary>
    public const string InvalidName = "InvalidName";

    /// <summary>The ARN is malformed.</summary>
    public const string InvalidArn = "InvalidArn";

    /// <summary>The execution input is not JSON or too large.</summary>
    public const string InvalidExecutionInput = "InvalidExecutionInput";

    /// <summary>The task output is not JSON or too large.</summary>
    public const string InvalidOutput = "InvalidOutput";

    /// <summary>The pagination token is not one we issued.</summary>
    public const string InvalidToken = "InvalidToken";

    /// <summary>No outstanding task has this token.</summary>
    public const string TaskDoesNotExist = "TaskDoesNotExist";

    /// <summary>A parameter is out of range.</summary>
    public const string ValidationException = "ValidationException";
}
