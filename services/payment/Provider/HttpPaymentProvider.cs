using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Fulfilment.Payment.Provider;

/// <summary>
/// The card-processor adapter: POST <c>/v1/charges</c> and <c>/v1/refunds</c> with a bearer key and an
/// <c>Idempotency-Key</c>. One attempt per call; retries, timeouts and the breaker live in <see cref="Resilience.PaymentResilience"/>.
/// 402 is a decline; 408/409/429/5xx and connection errors are transient; other 4xx are rejections.
/// </summary>
public sealed class HttpPaymentProvider : IPaymentProvider
{
    private static readonly ProcessorWireJsonContext Json = ProcessorWireJsonContext.Default;
    private readonly HttpClient _http;
    private readonly PaymentProviderOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the adapter. Give <paramref name="http"/> an infinite timeout: the pipeline owns timeouts.</summary>
    public HttpPaymentProvider(HttpClient http, PaymentProviderOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>An <see cref="HttpClient"/> suited to the adapter: pooled connections recycled, no client-side timeout.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <inheritdoc />
    public async Task<ProviderChargeOutcome> ChargeAsync(ProviderChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new ChargeBody(request.AmountMinor, request.Currency, request.PaymentToken, request.OrderId);
        using var response = await SendAsync("v1/charges", body, Json.ChargeBody, request.IdempotencyKey, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PaymentRequired)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            return ProviderChargeOutcome.Declined(error?.DeclineCode ?? error?.Code ?? "card_declined", error?.Message ?? "The card was declined.");
        }

        var answer = await ReadSuccessAsync(response, "charge", cancellationToken);
        return ProviderChargeOutcome.Captured(answer.Id!);
    }

    /// <inheritdoc />
    public async Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new RefundBody(request.ChargeId, request.OrderId, request.AmountMinor);
        using var response = await SendAsync("v1/refunds", body, Json.RefundBody, request.IdempotencyKey, cancellationToken);
        var answer = await ReadSuccessAsync(response, "refund", cancellationToken);
        return new ProviderRefund(answer.Id!, answer.Amount);
    }

    private async Task<HttpResponseMessage> SendAsync<T>(string path, T body, JsonTypeInfo<T> type, string idempotencyKey, CancellationToken cancellationToken)
    {
        var key = await _options.Key.GetAsync(cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl, path))
        {
            Content = JsonContent.Create(body, type),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        message.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // The key may have been rotated since it was read: the next call reads it again instead of waiting out the cache.
                _options.Key.Invalidate();
            }

            return response;
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentProviderTransientException($"Could not reach the payment provider at {_options.BaseUrl}: {ex.Message}", null, null, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not ours: the pipeline's timeouts cancel the token instead.
            throw new PaymentProviderTransientException("The payment provider did not answer in time.", null, null, ex);
        }
    }

    private async Task<ObjectAnswer> ReadSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            ObjectAnswer? answer = null;
            try
            {
                answer = await response.Content.ReadFromJsonAsync(Json.ObjectAnswer, cancellationToken);
            }
            catch (JsonException)
            {
            }

            // A garbled success is retried: the same idempotency key returns the stored answer, never a second charge.
            return answer?.Id is not null
                ? answer
                : throw new PaymentProviderTransientException($"The payment provider answered {status} without a {what} id.", status, null);
        }

        var error = await ReadErrorAsync(response, cancellationToken);
        var detail = error is null ? $"HTTP {status}" : $"HTTP {status} {error.Code}: {error.Message}";
        if (status is 408 or 409 or 429 or >= 500)
        {
            throw new PaymentProviderTransientException($"The payment provider failed transiently on the {what} ({detail}).", status, RetryAfter(response));
        }

        throw new PaymentProviderRejectedException($"The payment provider rejected the {what} ({detail}).", status, error?.Code);
    }

    private static async Task<ErrorAnswerDetail?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await response.Content.ReadFromJsonAsync(Json.ErrorAnswer, cancellationToken);
            return answer?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // Some processors send fractional seconds, which the typed header rejects.
        return response.Headers.TryGetValues("Retry-After", out var raw) &&
               double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
