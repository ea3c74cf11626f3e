namespace Fulfilment.Aws.EventBridge;

/// <summary>EventBridge error <c>ResourceNotFoundException</c>.</summary>
public sealed class ResourceNotFoundException : AwsServiceException
{
    public ResourceNotFoundException()
    {
    }

    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>ResourceAlreadyExistsException</c>.</summary>
public sealed class ResourceAlreadyExistsException : AwsServiceException
{
    public ResourceAlreadyExistsException()
    {
    }

    public ResourceAlreadyExistsException(string message)
        : base(message)
    {
    }

    public ResourceAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>InvalidEventPatternException</c>.</summary>
public sealed class InvalidEventPatternException : AwsServiceException
{
    public InvalidEventPatternException()
    {
    }

    public InvalidEventPatternException(string message)
        : base(message)
    {
    }

    public InvalidEventPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>LimitExceededException</c>.</summary>
public sealed class LimitExceededException : AwsServiceException
{
    public LimitExceededException()
    {
    }

    public LimitExceededException(string message)
        : base(message)
    {
    }

    public LimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>ConcurrentModificationException</c>.</summary>
public sealed class ConcurrentModificationException : AwsServiceException
{
    public ConcurrentModificationException()
    {
    }

    public ConcurrentModificationException(string message)
        : base(message)
    {
    }

    public ConcurrentModificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>InternalException</c>.</summary>
public sealed class InternalException : AwsServiceException
{
    public InternalException()
    {
    }

    public InternalException(string message)
        : base(message)
    {
    }

    public InternalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>ManagedRuleException</c>.</summary>
public sealed class ManagedRuleException : AwsServiceException
{
    public ManagedRuleException()
    {
    }

    public ManagedRuleException(string message)
        : base(message)
    {
    }

    public ManagedRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>IllegalStatusException</c>.</summary>
public sealed class IllegalStatusException : AwsServiceException
{
    public IllegalStatusException()
    {
    }

    public IllegalStatusException(string message)
        : base(message)
    {
    }

    public IllegalStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>EventBridge error <c>OperationDisabledException</c>.</summary>
public sealed class OperationDisabledException : AwsServiceException
{
    public OperationDisabledException()
    {
    }

    public OperationDisabledException(string message)
        : base(message)
    {
    }

    public OperationDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
