using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Emulators;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>What a client surfaced for a call that failed: the error name, HTTP status (0: never answered), message and request id.</summary>
public sealed record CallError(string Name, int Status, string Message, string? RequestId);

/// <summary>One client's side of a call: the host:port it connected to, the request the server captured, and its error if any.</summary>
public sealed record CallOutcome(string? Connect, CapturedRequest? Request, CallError? Error);

/// <summary>What the service model (as the official SDK carries it) says of an operation.</summary>
public sealed record OperationModel(string? HostPrefix, IReadOnlyList<string> IdempotencyTokens);

/// <summary>
/// Makes every call of <see cref="ParityPlan"/> with our clients and with the official AWS SDK for JavaScript v3
/// (tools/aws-sdk-js/sdk-parity.mjs, one node process for the whole plan) against two loopback capture servers, plain
/// and TLS. Each call signs with an access key id of its own, so the servers know which call a request belongs to
/// and what to answer, whatever the order.
/// </summary>
public sealed class OfficialSdkRun : IAsyncLifetime
{
    /// <summary>The secret of every test credential (the example key of the AWS documentation).</summary>
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The session token of the public-endpoint calls, so that X-Amz-Security-Token is signed and compared too.</summary>
    public const string SessionToken = "IQoJb3JpZ2luX2VjEParityTestSessionToken//+==";

    private readonly Dictionary<string, ParityCall> _byKey = [];
    private readonly Dictionary<string, (CallOutcome Ours, CallOutcome Official)> _outcomes = [];
    private CaptureServer? _plain;
    private CaptureServer? _tls;

    public LoopbackRoutes Routes { get; private set; } = null!;

    public IReadOnlyDictionary<string, OperationModel> Models { get; private set; } = new Dictionary<string, OperationModel>();

    /// <summary>Both sides of the call with this label.</summary>
    public (CallOutcome Ours, CallOutcome Official) this[string label] => _outcomes[label];

    /// <summary>Every request the servers saw, for checks that some call sent nothing.</summary>
    public IEnumerable<CapturedRequest> AllRequests => _plain!.Requests.Concat(_tls!.Requests);

    public static string OursKey(int index) => $"AKIDOURS{index:D4}";

    public static string OfficialKey(int index) => $"AKIDJSV3{index:D4}";

    /// <summary>The host (and port) a request of this call must name, before any host prefix.</summary>
    public string BaseHost(ParityCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Mode switch
        {
            EndpointMode.IpAddress => $"127.0.0.1:{Routes.PlainPort}",
            EndpointMode.CustomHost => $"{LoopbackRoutes.CustomHost}:{Routes.PlainPort}",
            _ => $"{call.Case.Service}.{LoopbackRoutes.Region}.amazonaws.com",
        };
    }

    public async Task InitializeAsync()
    {
        var calls = ParityPlan.All;
        for (var i = 0; i < calls.Count; i++)
        {
            _byKey[OursKey(i)] = calls[i];
            _byKey[OfficialKey(i)] = calls[i];
        }

        var certificate = LoopbackRoutes.CreateCertificate();
        _plain = CaptureServer.Start(Answer);
        _tls = CaptureServer.Start(Answer, certificate);
        Routes = new LoopbackRoutes(_plain.Port, _tls.Port, certificate);

        var ours = new List<CallOutcome>();
        for (var i = 0; i < calls.Count; i++)
        {
            ours.Add(await RunOursAsync(calls[i], OursKey(i)));
        }

        var official = await RunOfficialAsync(calls);
        for (var i = 0; i < calls.Count; i++)
        {
            _outcomes[calls[i].Label] = (ours[i], official[i]);
        }
    }

    public async Task DisposeAsync()
    {
        // Null-safe: a run that failed to start must report its own error, not one from here.
        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        Routes?.Certificate.Dispose();
    }

    private CannedResponse Answer(CapturedRequest request) =>
        request.AccessKeyId is { } key && _byKey.TryGetValue(key, out var call)
            ? call.Response
            : new CannedResponse(403, """{"__type":"UnrecognizedClientException","message":"The capture server knows no call signed with this access key."}""");

    private async Task<CallOutcome> RunOursAsync(ParityCall call, string accessKey)
    {
        var connects = new ConcurrentQueue<string>();
        using var http = Routes.CreateHttpClient(connects);
        var config = new AwsClientConfig
        {
            ServiceUrl = Endpoint(call) is { } endpoint ? new Uri(endpoint) : null,
            IgnoreConfiguredEndpointUrls = true,
            DisableHostPrefixInjection = call.DisableHostPrefix,
            Region = LoopbackRoutes.Region,
            Credentials = call.Mode == EndpointMode.PublicEndpoint
                ? new SessionAWSCredentials(accessKey, SecretAccessKey, SessionToken)
                : new BasicAWSCredentials(accessKey, SecretAccessKey),
            MaxAttempts = 1,
        };
        using var stepFunctions = new StepFunctionsClient(config, http);
        using var eventBridge = new EventBridgeClient(config, http);
        CallError? error = null;
        try
        {
            await call.Case.Call(new OurClients(stepFunctions, eventBridge));
        }
        catch (AwsServiceException ex)
        {
            error = new CallError(ex.ErrorCode, (int)ex.StatusCode, ex.Message, ex.RequestId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or NotSupportedException)
        {
            error = new CallError(ex.GetType().Name, 0, ex.Message, null);
        }

        return new CallOutcome(connects.FirstOrDefault(), CapturedBy(accessKey), error);
    }

    private async Task<List<CallOutcome>> RunOfficialAsync(IReadOnlyList<ParityCall> calls)
    {
        var tools = Path.Combine(RepositoryPaths.FindRoot(), "tools", "aws-sdk-js");
        await new NpmPackageInstaller().EnsureInstalledAsync(tools, CancellationToken.None);
        var plan = new JsonObject
        {
            ["region"] = LoopbackRoutes.Region,
            ["secretAccessKey"] = SecretAccessKey,
            ["routes"] = new JsonObject
            {
                ["plainPort"] = Routes.PlainPort, ["tlsPort"] = Routes.TlsPort, ["caPem"] = Routes.Certificate.ExportCertificatePem(),
                ["customHost"] = LoopbackRoutes.CustomHost,
            },
            ["calls"] = new JsonArray([.. calls.Select((call, i) => (JsonNode)new JsonObject
            {
                ["label"] = call.Label, ["case"] = call.Case.Name, ["accessKeyId"] = OfficialKey(i),
                ["sessionToken"] = call.Mode == EndpointMode.PublicEndpoint ? SessionToken : null,
                ["endpoint"] = Endpoint(call), ["disableHostPrefix"] = call.DisableHostPrefix,
            })]),
        };

        var start = new ProcessStartInfo("node", "sdk-parity.mjs") { WorkingDirectory = tools };

        // Nothing from the developer's shell may steer the official SDK: no endpoint, profile, region or config file.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var none = Path.Combine(Path.GetTempPath(), "fulfilment-sdk-parity-no-such-file");
        start.Environment["AWS_CONFIG_FILE"] = none;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = none;
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(3), plan.ToJsonString());
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("node (Node.js 20 or later) is not installed or not on PATH; the official-SDK parity tests need it (e.g. apt-get install -y nodejs npm).", ex);
        }

        result.ThrowIfTimedOut("node sdk-parity.mjs");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"node sdk-parity.mjs exited {result.ExitCode}:\n{result.StdErr}");
        }

        using var output = JsonDocument.Parse(result.StdOut.Trim().Split('\n')[^1]);
        Models = output.RootElement.GetProperty("models").EnumerateObject().ToDictionary(
            m => m.Name,
            m => new OperationModel(
                m.Value.GetProperty("hostPrefix").GetString(),
                [.. m.Value.GetProperty("idempotencyTokens").EnumerateArray().Select(t => t.GetString()!)]));
        var outcomes = output.RootElement.GetProperty("calls").EnumerateArray().ToList();
        return [.. calls.Select((call, i) =>
        {
            var js = outcomes[i];
            if (js.GetProperty("label").GetString() != call.Label)
            {
                throw new InvalidOperationException($"sdk-parity.mjs answered call {i} as '{js.GetProperty("label").GetString()}', expected '{call.Label}'.");
            }

            var e = js.GetProperty("ok").GetBoolean() ? (JsonElement?)null : js.GetProperty("error");
            return new CallOutcome(
                js.GetProperty("connect").GetString(),
                CapturedBy(OfficialKey(i)),
                e is { } error ? new CallError(error.GetProperty("name").GetString()!, error.GetProperty("status").GetInt32(), error.GetProperty("message").GetString()!, error.GetProperty("requestId").GetString()) : null);
        })];
    }

    private CapturedRequest? CapturedBy(string accessKey)
    {
        var requests = AllRequests.Where(r => r.AccessKeyId == accessKey).ToList();
        return requests.Count <= 1 ? requests.SingleOrDefault() : throw new InvalidOperationException($"{requests.Count} requests carry {accessKey}; every call makes one attempt.");
    }

    private string? Endpoint(ParityCall call) => call.Mode switch
    {
        EndpointMode.IpAddress => $"http://127.0.0.1:{Routes.PlainPort}",
        EndpointMode.CustomHost => $"http://{LoopbackRoutes.CustomHost}:{Routes.PlainPort}",
        _ => null,
    };
}

/// <summary>One official-SDK run for the parity test classes of this folder.</summary>
[CollectionDefinition(Name)]
public sealed class OfficialSdkCollection : ICollectionFixture<OfficialSdkRun>
{
    public const string Name = "official-sdk";
}
