using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;

namespace Fulfilment.Aws.Internal;

/// <summary>One AWS JSON-protocol endpoint: serializes, signs, sends, retries with jittered backoff and maps errors to typed exceptions.</summary>
internal sealed class AwsJsonTransport : IDisposable
{
    // Where the services put the request id, in the order the JavaScript SDK looks.
    private static readonly string[] RequestIdHeaders = ["x-amzn-RequestId", "x-amzn-Request-Id", "x-amz-request-id"];

    private readonly AwsClientConfig _config;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AWSCredentials _credentials;
    private readonly string _signingService;
    private readonly MediaTypeHeaderValue _contentType;
    private readonly bool _disableHostPrefixInjection;

    public AwsJsonTransport(AwsClientConfig config, ServiceDescription service, HttpClient? httpClient)
    {
        _config = config;
        Region = AwsEnvironment.ResolveRegion(config);
        Endpoint = AwsEnvironment.ResolveEndpoint(config, service.EndpointEnvSuffix, service.EndpointPrefix, Region);
        _credentials = AwsEnvironment.ResolveCredentials(config);
        _disableHostPrefixInjection = AwsEnvironment.ResolveDisableHostPrefixInjection(config);
        _signingService = service.SigningName;
        _contentType = new MediaTypeHeaderValue($"application/x-amz-json-{service.JsonVersion}");
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Endpoint { get; }

    public string Region { get; }

    public Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string target, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        InvokeAsync(target, hostPrefix: null, request, requestType, responseType, cancellationToken);

    /// <summary>Calls an operation whose endpoint trait puts a <paramref name="hostPrefix"/> (e.g. <c>sync-</c>) before the endpoint host.</summary>
    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string target, string? hostPrefix, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var endpoint = EndpointFor(target, hostPrefix);

        // Serialized once: every retry sends the same bytes, so a filled-in idempotency token stays the same.
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(endpoint, target, body, responseType, cancellationToken);
            }
            catch (AwsServiceException ex) when (ex.IsRetryable && attempt < _config.MaxAttempts)
            {
            }
            catch (HttpRequestException) when (attempt < _config.MaxAttempts)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < _config.MaxAttempts)
            {
                // The per-attempt timeout fired, not the caller: a retry may succeed.
            }

            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads retries of many clients.
        var ceiling = Math.Min(_config.RetryMaxDelay.TotalMilliseconds, _config.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter is not security relevant.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }

    private Uri EndpointFor(string target, string? hostPrefix)
    {
        if (hostPrefix is null || _disableHostPrefixInjection)
        {
            return Endpoint;
        }

        // The official SDKs prepend the prefix to any endpoint host, a custom one included, and so do we. On an IP address
        // the result is no host name (the JavaScript SDK rejects "sync-[::1]", and "sync-127.0.0.1" never resolves):
        // say so before sending instead of failing in DNS.
        if (Endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            throw new InvalidOperationException(
                $"{target} is sent to the host prefix '{hostPrefix}' before the endpoint host, but the endpoint {Endpoint} is an IP address, " +
                "which takes no prefix. For a local endpoint set AwsClientConfig.DisableHostPrefixInjection or AWS_DISABLE_HOST_PREFIX_INJECTION=true " +
                "(the AWS SDKs' disableHostPrefix), or use a host name that resolves with the prefix.");
        }

        return new UriBuilder(Endpoint) { Host = hostPrefix + Endpoint.Host }.Uri;
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(Uri endpoint, string target, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_config.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = _contentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var credentials = await _credentials.GetCredentialsAsync();
        SigV4Signer.Sign(request, body, credentials, Region, _signingService, DateTime.UtcNow);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, bytes);
        }

        return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, responseType)
            ?? throw new AwsServiceException($"{target} answered an empty document.");
    }

    // Read as the AWS SDK for JavaScript v3 reads an AWS JSON error (@smithy/core loadJsonRpcErrorCode): the name from the
    // body's __type, else its code (any case), else the x-amzn-ErrorType header; the message from message, else Message.
    // A body without either surfaces as "Unknown" / "UnknownError" there, and here too: both clients say the same thing.
    private static AwsServiceException ToException(HttpResponseMessage response, byte[] bytes)
    {
        string? type = null;
        string? code = null;
        string? message = null;
        string? capitalMessage = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("__type"))
                    {
                        type ??= NameValue(property.Value);
                    }
                    else if (property.Name.Equals("code", StringComparison.OrdinalIgnoreCase))
                    {
                        code ??= NameValue(property.Value);
                    }
                    else if (property.NameEquals("message") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        message = property.Value.GetString();
                    }
                    else if (property.NameEquals("Message") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        capitalMessage = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer may answer HTML or nothing; the status code still says what happened.
        }

        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var errorTypes) ? errorTypes.FirstOrDefault() : null;
        var name = AwsErrors.NormalizeErrorName(type ?? code ?? header);
        var requestId = RequestIdHeaders
            .Select(h => response.Headers.TryGetValues(h, out var ids) ? ids.FirstOrDefault() : null)
            .FirstOrDefault(id => id is not null);
        return AwsErrors.Create(name.Length == 0 ? "Unknown" : name, message ?? capitalMessage ?? "UnknownError", response.StatusCode, requestId);
    }

    private static string? NameValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}

/// <summary>What differs between AWS JSON services: signing name, endpoint prefix, env suffix, JSON version, target prefix.</summary>
internal sealed record ServiceDescription(string SigningName, string EndpointPrefix, string EndpointEnvSuffix, string JsonVersion, string TargetPrefix);
