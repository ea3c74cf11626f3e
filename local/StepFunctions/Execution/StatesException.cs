namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>A runtime error with an ASL error name (what <c>ErrorEquals</c> matches) and a cause.</summary>
public sealed class StatesException : Exception
{
    /// <summary>Creates the error.</summary>
    public StatesException(string error, string? cause)
        : base(cause is null ? error : $"{error}: {cause}")
    {
        Error = error;
        Cause = cause;
    }

    /// <summary>Required by the analyzers; prefer the (error, cause) constructor.</summary>
    public StatesException()
        : this(StatesErrors.Runtime, (string?)null)
    {
    }

    /// <summary>Required by the analyzers; prefer the (error, cause) constructor.</summary>
    public StatesException(string message)
        : this(StatesErrors.Runtime, message)
    {
    }

    /// <summary>Required by the analyzers; prefer the (error, cause) constructor.</summary>
    public StatesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrors.Runtime;
        Cause = message;
    }

    /// <summary>The error name, e.g. <c>States.Timeout</c> or a Lambda's <c>errorType</c>.</summary>
    public string Error { get; }

    /// <summary>The cause text (often JSON), or null.</summary>
    public string? Cause { get; }
}

/// <summary>The predefined error names of the Amazon States Language.</summary>
public static class StatesErrors
{
    /// <summary>Matches any error name except <c>States.Runtime</c>... in Catch/Retry it matches everything.</summary>
    public const string All = "States.ALL";

    /// <summary>A Task state failed (matches any Task failure except States.Timeout).</summary>
    public const string TaskFailed = "States.TaskFailed";

    /// <summary>A Task ran longer than TimeoutSeconds or missed a heartbeat.</summary>
    public const string Timeout = "States.Timeout";

    /// <summary>A Task missed its heartbeat.</summary>
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";

    /// <summary>Runtime error: path did not match, wrong type, ... Not retriable.</summary>
    public const string Runtime = "States.Runtime";

    /// <summary>Output larger than the 256 KB quota.</summary>
    public const string DataLimitExceeded = "States.DataLimitExceeded";

    /// <summary>ResultPath cannot be applied to the input.</summary>
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";

    /// <summary>Parameters could not be built.</summary>
    public const string ParameterPathFailure = "States.ParameterPathFailure";

    /// <summary>An intrinsic function failed.</summary>
    public const string IntrinsicFailure = "States.IntrinsicFailure";

    /// <summary>A branch of a Parallel state failed.</summary>
    public const string BranchFailed = "States.BranchFailed";

    /// <summary>No Choice rule matched and there is no Default.</summary>
    public const string NoChoiceMatched = "States.NoChoiceMatched";

    /// <summary>Missing permissions (not produced locally; listed for completeness).</summary>
    public const string Permissions = "States.Permissions";

    /// <summary>A Map item failure tolerance was exceeded.</summary>
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
}
