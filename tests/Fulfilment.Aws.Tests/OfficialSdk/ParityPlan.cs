namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>How a client finds the service.</summary>
public enum EndpointMode
{
    /// <summary>An endpoint override with an IP address, as the local edge is used (<c>http://127.0.0.1:port</c>).</summary>
    IpAddress,

    /// <summary>An endpoint override with a host name (a VPC endpoint, a proxy): host prefixes go before it.</summary>
    CustomHost,

    /// <summary>No endpoint given: each client builds the public regional endpoint itself (HTTPS).</summary>
    PublicEndpoint,
}

/// <summary>One call made by both clients: the case, how the endpoint is found, and what the service answers.</summary>
public sealed record ParityCall(string Label, EndpointMode Mode, ParityCase Case, CannedResponse Response, bool DisableHostPrefix)
{
    public override string ToString() => Label;
}

/// <summary>Every call of a parity run, by kind; each label is one theory case.</summary>
public static class ParityPlan
{
    /// <summary>Every case in every mode, answered with the operation's success response.</summary>
    /// <remarks>
    /// With an IP address endpoint both clients run with host prefixes off (the SDKs' <c>disableHostPrefix</c>), the way
    /// the AWS SDKs must be configured for such an endpoint; <see cref="PrefixOnIpAddress"/> shows why.
    /// </remarks>
    public static IReadOnlyList<ParityCall> Requests { get; } =
        [.. from mode in Enum.GetValues<EndpointMode>()
            from c in ParityCases.All
            select new ParityCall($"{mode}: {c.Name}", mode, c, c.Response, DisableHostPrefix: mode == EndpointMode.IpAddress)];

    /// <summary>Each error shape from each service, on the IP address endpoint (how the error is read does not depend on the endpoint).</summary>
    public static IReadOnlyList<ParityCall> Errors { get; } =
        [.. from service in ErrorShapes.Services
            from shape in ErrorShapes.All
            select new ParityCall($"{service.Case}: {shape.Name}", EndpointMode.IpAddress, ParityCases.Named(service.Case), shape.Response(service), DisableHostPrefix: true)];

    /// <summary>StartSyncExecution on an IP address endpoint with host prefixes on: what the official SDK does with <c>sync-127.0.0.1</c>.</summary>
    public static ParityCall PrefixOnIpAddress { get; } =
        new("IpAddress with host prefixes: states.StartSyncExecution", EndpointMode.IpAddress, ParityCases.Named("states.StartSyncExecution"),
            ParityCases.Named("states.StartSyncExecution").Response, DisableHostPrefix: false);

    public static IReadOnlyList<ParityCall> All { get; } = [.. Requests, .. Errors, PrefixOnIpAddress];

    public static TheoryData<string> RequestLabels => [.. Requests.Select(c => c.Label)];

    public static TheoryData<string> ErrorLabels => [.. Errors.Select(c => c.Label)];
}
