namespace Fulfilment.Aws;

/// <summary>AWS error Validation: The request is invalid.</summary>
public sealed class ValidationException : AwsServiceException
{
    public ValidationException()
    {
    }

    public ValidationException(string message)
        : base(message)
    {
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error Throttling: The request was throttled.</summary>
public sealed class ThrottlingException : AwsServiceException
{
    public ThrottlingException()
    {
    }

    public ThrottlingException(string message)
        : base(message)
    {
    }

    public ThrottlingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error InternalServer: The service failed internally.</summary>
public sealed class InternalServerException : AwsServiceException
{
    public InternalServerException()
    {
    }

    public InternalServerException(string message)
        : base(message)
    {
    }

    public InternalServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error ServiceUnavailable: The service is unavailable.</summary>
public sealed class ServiceUnavailableException : AwsServiceException
{
    public ServiceUnavailableException()
    {
    }

    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error AccessDenied: Access denied.</summary>
public sealed class AccessDeniedException : AwsServiceException
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error UnrecognizedClient: The security token is not recognized.</summary>
public sealed class UnrecognizedClientException : AwsServiceException
{
    public UnrecognizedClientException()
    {
    }

    public UnrecognizedClientException(string message)
        : base(message)
    {
    }

    public UnrecognizedClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error MissingAuthenticationToken: The request is not signed.</summary>
public sealed class MissingAuthenticationTokenException : AwsServiceException
{
    public MissingAuthenticationTokenException()
    {
    }

    public MissingAuthenticationTokenException(string message)
        : base(message)
    {
    }

    public MissingAuthenticationTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error IncompleteSignature: The signature is incomplete.</summary>
public sealed class IncompleteSignatureException : AwsServiceException
{
    public IncompleteSignatureException()
    {
    }

    public IncompleteSignatureException(string message)
        : base(message)
    {
    }

    public IncompleteSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error Serialization: The request body could not be read.</summary>
public sealed class SerializationException : AwsServiceException
{
    public SerializationException()
    {
    }

    public SerializationException(string message)
        : base(message)
    {
    }

    public SerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>AWS error UnknownOperation: The operation is unknown.</summary>
public sealed class UnknownOperationException : AwsServiceException
{
    public UnknownOperationException()
    {
    }

    public UnknownOperationException(string message)
        : base(message)
    {
    }

    public UnknownOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
