using Amazon.Runtime;

namespace Fulfilment.Aws;

/// <summary>How a thin client finds its endpoint, region and credentials, and how it retries; unset values are resolved the standard AWS way.</summary>
public sealed record AwsClientConfig
{
    /// <summary>Explicit endpoint (e.g. <c>http://127.0.0.1:4566</c>); otherwise <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, <c>AWS_ENDPOINT_URL</c>, then the public regional endpoint.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// True: ignore <c>AWS_ENDPOINT_URL</c> and <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> (the SDKs' <c>ignore_configured_endpoint_urls</c>);
    /// unset: <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>, default false. An explicit <see cref="ServiceUrl"/> always counts.
    /// </summary>
    public bool? IgnoreConfiguredEndpointUrls { get; init; }

    /// <summary>
    /// True: never prepend an operation's host prefix (<c>sync-</c> for <c>StartSyncExecution</c>) to the endpoint host, as the
    /// SDKs' <c>disableHostPrefix</c>/<c>DisableHostPrefixInjection</c>; unset: <c>AWS_DISABLE_HOST_PREFIX_INJECTION</c>, default
    /// false. Needed for a local endpoint given as an IP address (<c>sync-127.0.0.1</c> is no host name).
    /// </summary>
    public bool? DisableHostPrefixInjection { get; init; }

    /// <summary>Explicit region; otherwise <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then the SDK's profile/instance chain.</summary>
    public string? Region { get; init; }

    /// <summary>Explicit credentials; otherwise the AWSSDK.Core default chain (environment, profiles, container, instance).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Total attempts per call, including the first; throttling, 5xx and transport errors are retried.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Base of the exponential backoff; each retry waits a random time up to base × 2^attempt (full jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of one backoff wait.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
