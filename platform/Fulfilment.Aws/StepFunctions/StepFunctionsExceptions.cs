namespace Fulfilment.Aws.StepFunctions;

/// <summary>Step Functions error <c>ExecutionAlreadyExists</c>.</summary>
public sealed class ExecutionAlreadyExistsException : AwsServiceException
{
    public ExecutionAlreadyExistsException()
    {
    }

    public ExecutionAlreadyExistsException(string message)
        : base(message)
    {
    }

    public ExecutionAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>ExecutionDoesNotExist</c>.</summary>
public sealed class ExecutionDoesNotExistException : AwsServiceException
{
    public ExecutionDoesNotExistException()
    {
    }

    public ExecutionDoesNotExistException(string message)
        : base(message)
    {
    }

    public ExecutionDoesNotExistException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>ExecutionLimitExceeded</c>.</summary>
public sealed class ExecutionLimitExceededException : AwsServiceException
{
    public ExecutionLimitExceededException()
    {
    }

    public ExecutionLimitExceededException(string message)
        : base(message)
    {
    }

    public ExecutionLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>ExecutionNotRedrivable</c>.</summary>
public sealed class ExecutionNotRedrivableException : AwsServiceException
{
    public ExecutionNotRedrivableException()
    {
    }

    public ExecutionNotRedrivableException(string message)
        : base(message)
    {
    }

    public ExecutionNotRedrivableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidArn</c>.</summary>
public sealed class InvalidArnException : AwsServiceException
{
    public InvalidArnException()
    {
    }

    public InvalidArnException(string message)
        : base(message)
    {
    }

    public InvalidArnException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidDefinition</c>.</summary>
public sealed class InvalidDefinitionException : AwsServiceException
{
    public InvalidDefinitionException()
    {
    }

    public InvalidDefinitionException(string message)
        : base(message)
    {
    }

    public InvalidDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidExecutionInput</c>.</summary>
public sealed class InvalidExecutionInputException : AwsServiceException
{
    public InvalidExecutionInputException()
    {
    }

    public InvalidExecutionInputException(string message)
        : base(message)
    {
    }

    public InvalidExecutionInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidName</c>.</summary>
public sealed class InvalidNameException : AwsServiceException
{
    public InvalidNameException()
    {
    }

    public InvalidNameException(string message)
        : base(message)
    {
    }

    public InvalidNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidOutput</c>.</summary>
public sealed class InvalidOutputException : AwsServiceException
{
    public InvalidOutputException()
    {
    }

    public InvalidOutputException(string message)
        : base(message)
    {
    }

    public InvalidOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>InvalidToken</c>.</summary>
public sealed class InvalidTokenException : AwsServiceException
{
    public InvalidTokenException()
    {
    }

    public InvalidTokenException(string message)
        : base(message)
    {
    }

    public InvalidTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>StateMachineAlreadyExists</c>.</summary>
public sealed class StateMachineAlreadyExistsException : AwsServiceException
{
    public StateMachineAlreadyExistsException()
    {
    }

    public StateMachineAlreadyExistsException(string message)
        : base(message)
    {
    }

    public StateMachineAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>StateMachineDeleting</c>.</summary>
public sealed class StateMachineDeletingException : AwsServiceException
{
    public StateMachineDeletingException()
    {
    }

    public StateMachineDeletingException(string message)
        : base(message)
    {
    }

    public StateMachineDeletingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>StateMachineDoesNotExist</c>.</summary>
public sealed class StateMachineDoesNotExistException : AwsServiceException
{
    public StateMachineDoesNotExistException()
    {
    }

    public StateMachineDoesNotExistException(string message)
        : base(message)
    {
    }

    public StateMachineDoesNotExistException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>StateMachineTypeNotSupported</c>.</summary>
public sealed class StateMachineTypeNotSupportedException : AwsServiceException
{
    public StateMachineTypeNotSupportedException()
    {
    }

    public StateMachineTypeNotSupportedException(string message)
        : base(message)
    {
    }

    public StateMachineTypeNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>TaskDoesNotExist</c>.</summary>
public sealed class TaskDoesNotExistException : AwsServiceException
{
    public TaskDoesNotExistException()
    {
    }

    public TaskDoesNotExistException(string message)
        : base(message)
    {
    }

    public TaskDoesNotExistException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>TaskTimedOut</c>.</summary>
public sealed class TaskTimedOutException : AwsServiceException
{
    public TaskTimedOutException()
    {
    }

    public TaskTimedOutException(string message)
        : base(message)
    {
    }

    public TaskTimedOutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Step Functions error <c>Conflict</c>.</summary>
public sealed class ConflictException : AwsServiceException
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
