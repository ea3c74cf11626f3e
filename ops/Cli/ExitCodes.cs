namespace Fulfilment.Ops.Cli;

/// <summary>The documented exit codes (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>A call failed, something was not found, or at least one item of a bulk action failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments: nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}

/// <summary>Bad arguments found after parsing (e.g. neither IDs nor <c>--all-failed</c>): exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An operation failed in a way the operator can act on; the message says what to do: exit code 1.</summary>
public sealed class OpsException : Exception
{
    public OpsException()
    {
    }

    public OpsException(string message)
        : base(message)
    {
    }

    public OpsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
