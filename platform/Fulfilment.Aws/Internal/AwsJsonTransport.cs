using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;

namespace Fulfilment.Aws.Internal;

/// <summary>One AWS JSON-protocol endpoint: serializes, signs, sends, retries with jittered backoff and maps errors to typed exceptions.</summary>
internal sealed class AwsJsonTransport : IDisposable
{
    private readonly AwsClientConfig _config;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AWSCredentials _credentials;
    private readonly string _signingService;
    private readonly MediaTypeHeaderValue _contentType;

    public AwsJsonTransport(AwsClientConfig config, ServiceDescription service, HttpClient? httpClient)
    {
        _config = config;
        Region = AwsEnvironment.ResolveRegion(config);
        Endpoint = AwsEnvironment.ResolveEndpoint(config, service.EndpointEnvSuffix, service.EndpointPrefix, Region);
        _credentials = AwsEnvironment.ResolveCredentials(config);
        _signingService = service.SigningName;
        _contentType = new MediaTypeHeaderValue($"application/x-amz-json-{service.JsonVersion}");
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Endpoint { get; }

    public string Region { get; }

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string target, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(target, body, responseType, cancellationToken);
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

    private async Task<TResponse> SendOnceAsync<TResponse>(string target, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_config.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
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

    private static AwsServiceException ToException(HttpResponseMessage response, byte[] bytes)
    {
        string? type = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var errorTypes))
        {
            type = errorTypes.FirstOrDefault();
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        type = property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        message = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer may answer HTML or nothing; the status code still says what happened.
        }

        var name = AwsErrors.NormalizeErrorName(type);
        if (name.Length == 0)
        {
            name = (int)response.StatusCode >= 500 ? "InternalServerError" : response.StatusCode == HttpStatusCode.TooManyRequests ? "ThrottlingException" : "UnknownError";
        }

        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return AwsErrors.Create(name, message ?? $"{name} (HTTP {(int)response.StatusCode})", response.StatusCode, requestId);
    }
}

/// <summary>What differs between AWS JSON services: signing name, endpoint prefix, env suffix, JSON version, target prefix.</summary>
internal sealed record ServiceDescription(string SigningName, string EndpointPrefix, string EndpointEnvSuffix, string JsonVersion, string TargetPrefix);
