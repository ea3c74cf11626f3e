namespace Fulfilment.Local.Edge;

/// <summary>Where the edge listens and where it forwards; only loopback addresses are used.</summary>
public sealed record EdgeOptions
{
    /// <summary>The port on 127.0.0.1; 4566 by convention, 0 for a free one (tests).</summary>
    public int Port { get; init; } = 4566;

    /// <summary>DynamoDB Local's endpoint; DynamoDB calls answer an error when unset.</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>fauxqs' endpoint; SQS calls answer an error when unset.</summary>
    public Uri? SqsEndpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>
    /// Secrets Manager secrets by name, served read-only through Parameter Store's reference path
    /// (<c>GetParameter /aws/reference/secretsmanager/&lt;name&gt;</c>), the way the payment service reads its key in AWS.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Fault injection; off unless rules are given.</summary>
    public ChaosOptions Chaos { get; init; } = new();

    /// <summary>Extra HTTP endpoints the host serves on the edge (e.g. the execution console); matched before the AWS dispatch.</summary>
    public Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? MapExtraEndpoints { get; init; }
}

/// <summary>Fault injection for named operations, so clients' retry paths can be tested; off by default.</summary>
public sealed record ChaosOptions
{
    public IReadOnlyList<ChaosRule> Rules { get; init; } = [];

    /// <summary>Seed for the random draws, for reproducible runs; null uses a random seed.</summary>
    public int? Seed { get; init; }
}

/// <summary>Inject <see cref="Fault"/> into <see cref="Operation"/> (e.g. <c>TransactWriteItems</c>, <c>AWSEvents.PutEvents</c>, <c>*</c>) at <see cref="Rate"/> (0..1).</summary>
public sealed record ChaosRule
{
    public string Operation { get; init; } = "*";

    public ChaosFault Fault { get; init; }

    public double Rate { get; init; } = 1.0;

    /// <summary>Added delay for <see cref="ChaosFault.Latency"/>.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>What a chaos rule injects.</summary>
public enum ChaosFault
{
    /// <summary>HTTP 400 <c>ThrottlingException</c> (DynamoDB: <c>ProvisionedThroughputExceededException</c>).</summary>
    Throttling,

    /// <summary>HTTP 500 internal error.</summary>
    ServerError,

    /// <summary>Extra latency, then the call proceeds.</summary>
    Latency,

    /// <summary>DynamoDB <c>TransactionCanceledException</c> with <c>TransactionConflict</c> reasons (or <c>TransactionConflictException</c>).</summary>
    TransactionConflict,
}
