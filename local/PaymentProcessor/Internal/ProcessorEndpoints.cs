using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.PaymentProcessor.Internal;

/// <summary>The HTTP handlers: authentication, fault injection, idempotency, then the token's behaviour.</summary>
internal sealed class ProcessorEndpoints(ProcessorState state, FakePaymentProcessorOptions options, CancellationToken stopping)
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly ProcessorJsonContext Json = ProcessorJsonContext.Default;

    public async Task ChargeAsync(HttpContext http)
    {
        var key = await AdmitAsync(http);
        if (key is null)
        {
            return;
        }

        var request = await ReadAsync(http, Json.ChargeRequestBody);
        if (request is null)
        {
            return;
        }

        if (request.Amount <= 0 || request.Currency.Length != 3 || string.IsNullOrEmpty(request.PaymentToken) || string.IsNullOrEmpty(request.OrderId))
        {
            await WriteErrorAsync(http, 400, new ErrorDetail("invalid_request_error", "parameter_invalid", "amount > 0, a 3-letter currency, payment_token and order_id are required."));
            return;
        }

        await RunIdempotentAsync(http, key, request, () => ChargeBehaviourAsync(request, key));
    }

    public async Task RefundAsync(HttpContext http)
    {
        var key = await AdmitAsync(http);
        if (key is null)
        {
            return;
        }

        var request = await ReadAsync(http, Json.RefundRequestBody);
        if (request is null)
        {
            return;
        }

        await RunIdempotentAsync(http, key, request, () =>
        {
            var (refund, error, status) = state.Refund(request, key, options.TimeProvider.GetUtcNow());
            return Task.FromResult(refund is null
                ? Outcome.Final(status, Serialize(new ErrorResponseBody(error!), Json.ErrorResponseBody))
                : Outcome.Final(200, Serialize(
                    new RefundResponseBody(refund.Id, "succeeded", refund.Charge!, refund.Amount, refund.Currency, refund.OrderId, refund.At.ToUnixTimeSeconds()),
                    Json.RefundResponseBody)));
        });
    }

    public async Task LedgerAsync(HttpContext http)
    {
        if (!await AuthorizeAsync(http))
        {
            return;
        }

        var orderId = http.Request.Query["order_id"].FirstOrDefault();
        await WriteAsync(http, 200, Serialize(state.Ledger(orderId), Json.LedgerSnapshot));
    }

    public async Task GetFaultsAsync(HttpContext http)
    {
        if (await AuthorizeAsync(http))
        {
            await WriteAsync(http, 200, Serialize(state.Faults, Json.FaultSettings));
        }
    }

    public async Task PutFaultsAsync(HttpContext http)
    {
        if (!await AuthorizeAsync(http))
        {
            return;
        }

        var faults = await ReadAsync(http, Json.FaultSettings);
        if (faults is null)
        {
            return;
        }

        if (faults.Validate() is { } problem)
        {
            await WriteErrorAsync(http, 400, new ErrorDetail("invalid_request_error", "parameter_invalid", problem));
            return;
        }

        state.Faults = faults;
        await WriteAsync(http, 200, Serialize(faults, Json.FaultSettings));
    }

    private async Task<Outcome> ChargeBehaviourAsync(ChargeRequestBody request, string key)
    {
        switch (request.PaymentToken)
        {
            case "tok_decline":
                return Outcome.Final(402, Serialize(new ErrorResponseBody(new ErrorDetail("card_error", "card_declined", "Your card was declined.", "generic_decline")), Json.ErrorResponseBody));
            case "tok_insufficient_funds":
                return Outcome.Final(402, Serialize(new ErrorResponseBody(new ErrorDetail("card_error", "card_declined", "Your card has insufficient funds.", "insufficient_funds")), Json.ErrorResponseBody));
            case "tok_flaky" when state.ShouldFailFlaky(key, options.FlakyFailures):
                return Outcome.Transient(503, Serialize(new ErrorResponseBody(new ErrorDetail("api_error", "service_unavailable", "Temporary failure; retry with the same Idempotency-Key.")), Json.ErrorResponseBody));
            case "tok_slow":
                // Like a real processor, the work finishes even when the client has given up waiting:
                // only shutdown stops it. A replay with the same key then gets this result.
                await Task.Delay(options.SlowDelay, options.TimeProvider, stopping);
                break;
        }

        var capture = state.Capture(request, key, options.TimeProvider.GetUtcNow());
        return Outcome.Final(200, Serialize(
            new ChargeResponseBody(capture.Id, "succeeded", capture.Amount, capture.Currency, capture.OrderId, capture.At.ToUnixTimeSeconds()),
            Json.ChargeResponseBody));
    }

    private async Task RunIdempotentAsync(HttpContext http, string key, object fingerprint, Func<Task<Outcome>> behaviour)
    {
        switch (state.Begin(key, fingerprint, out var stored))
        {
            case BeginOutcome.Replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                await WriteAsync(http, stored!.StatusCode, stored.Body);
                return;
            case BeginOutcome.InProgress:
                await WriteErrorAsync(http, 409, new ErrorDetail("idempotency_error", "idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; retry later."));
                return;
            case BeginOutcome.Mismatch:
                await WriteErrorAsync(http, 422, new ErrorDetail("idempotency_error", "idempotency_key_reused", "This Idempotency-Key was used with a different request body."));
                return;
        }

        Outcome outcome;
        try
        {
            outcome = await behaviour();
        }
        catch
        {
            state.Abandon(key);
            throw;
        }

        if (outcome.Store)
        {
            state.Complete(key, new StoredResponse(outcome.Status, outcome.Body));
        }
        else
        {
            state.Abandon(key);
        }

        await WriteAsync(http, outcome.Status, outcome.Body);
    }

    /// <summary>Authenticates, counts and applies fault injection; returns the idempotency key, or null once an error was written.</summary>
    private async Task<string?> AdmitAsync(HttpContext http)
    {
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        state.CountRequest(key);
        if (!await AuthorizeAsync(http))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > 255)
        {
            await WriteErrorAsync(http, 400, new ErrorDetail("invalid_request_error", "idempotency_key_missing", "An Idempotency-Key header of 1-255 characters is required."));
            return null;
        }

        var faults = state.Faults;
        if (faults.AddedLatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.AddedLatencyMs), options.TimeProvider, http.RequestAborted);
        }

        if (faults.ErrorRate > 0 && Random.Shared.NextDouble() < faults.ErrorRate)
        {
            if (faults.ErrorStatus == 429)
            {
                http.Response.Headers.RetryAfter = "1";
            }

            await WriteErrorAsync(http, faults.ErrorStatus, new ErrorDetail("api_error", "injected_fault", "Injected fault (chaos run); retry with the same Idempotency-Key."));
            return null;
        }

        return key;
    }

    private async Task<bool> AuthorizeAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) &&
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(header[7..]), System.Text.Encoding.UTF8.GetBytes(options.ApiKey)))
        {
            return true;
        }

        await WriteErrorAsync(http, 401, new ErrorDetail("invalid_request_error", "api_key_invalid", "Send the API key as 'Authorization: Bearer <key>'."));
        return false;
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await WriteErrorAsync(http, 413, new ErrorDetail("invalid_request_error", "body_too_large", $"The body must be at most {MaxBodyBytes} bytes."));
            return null;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted);
            if (value is not null)
            {
                return value;
            }
        }
        catch (JsonException)
        {
        }

        await WriteErrorAsync(http, 400, new ErrorDetail("invalid_request_error", "body_invalid", $"The body is not a valid {typeof(T).Name} JSON object."));
        return null;
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    private static Task WriteErrorAsync(HttpContext http, int status, ErrorDetail error) =>
        WriteAsync(http, status, Serialize(new ErrorResponseBody(error), Json.ErrorResponseBody));

    private static async Task WriteAsync(HttpContext http, int status, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>What a behaviour answered; only final answers are remembered for the key.</summary>
    private sealed record Outcome(int Status, byte[] Body, bool Store)
    {
        public static Outcome Final(int status, byte[] body) => new(status, body, true);

        public static Outcome Transient(int status, byte[] body) => new(status, body, false);
    }
}
