using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Steps;
using Fulfilment.Lambda;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;
using Fulfilment.Storage;

namespace Fulfilment.Payment.Hosting;

/// <summary>The Lambda handlers of the payment service: <c>charge</c> (ChargePayment) and <c>refund</c> (compensation).</summary>
public static class PaymentFunction
{
    /// <summary>Handler name of the charge step.</summary>
    public const string Charge = "charge";

    /// <summary>Handler name of the refund compensation.</summary>
    public const string Refund = "refund";

    /// <summary>Environment variable naming the payments table (default <c>fulfilment-payments</c>).</summary>
    public const string TableNameVariable = "PAYMENTS_TABLE_NAME";

    /// <summary>
    /// The composition root: the HTTP client, the DynamoDB client and the pipeline (with its circuit breaker) are built
    /// once from a function's environment and shared by every invocation. The provider key is never logged.
    /// </summary>
    public static LambdaHandlerRegistry Configure(LambdaHandlerRegistry registry, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var providerOptions = PaymentProviderOptions.FromEnvironment(environment);
        var provider = new HttpPaymentProvider(HttpPaymentProvider.CreateHttpClient(), providerOptions);
        var store = new PaymentStore(DynamoDbClients.Create(environment), environment(TableNameVariable));
        return Register(registry, new PaymentService(store, provider, new PaymentResilience(new PaymentResilienceOptions())));
    }

    /// <summary>Registers both handlers over <paramref name="service"/>.</summary>
    public static LambdaHandlerRegistry Register(LambdaHandlerRegistry registry, PaymentService service)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(service);
        var json = ContractsJsonContext.Default;
        return registry
            .Add(Charge, json.ChargePaymentRequest, json.ChargePaymentResult, async (request, context, ct) =>
            {
                var fields = Fields(request.OrderId, request.CorrelationId);
                try
                {
                    var result = await service.ChargeAsync(request, context.RemainingTime, ct);
                    context.Logger.Info(result.Replayed ? "Charge replayed: already captured." : "Charge captured.", With(fields, result.ChargeId, result.AmountMinor, result.Currency));
                    return result;
                }
                catch (NamedErrorException ex)
                {
                    context.Logger.Warn(ex.Message, With(fields, "errorName", ex.ErrorName));
                    throw;
                }
            })
            .Add(Refund, json.RefundPaymentRequest, json.RefundPaymentResult, async (request, context, ct) =>
            {
                var fields = Fields(request.OrderId, request.CorrelationId);
                try
                {
                    var result = await service.RefundAsync(request, context.RemainingTime, ct);
                    context.Logger.Info(result.Changed ? "Refund made." : $"Refund not needed: payment is {result.State?.ToString() ?? "absent"}.", fields);
                    return result;
                }
                catch (NamedErrorException ex)
                {
                    context.Logger.Warn(ex.Message, With(fields, "errorName", ex.ErrorName));
                    throw;
                }
            });
    }

    private static Dictionary<string, object?> Fields(string orderId, string? correlationId) =>
        new(StringComparer.Ordinal) { ["orderId"] = orderId, ["correlationId"] = correlationId };

    private static Dictionary<string, object?> With(Dictionary<string, object?> fields, string key, object? value) =>
        new(fields, StringComparer.Ordinal) { [key] = value };

    private static Dictionary<string, object?> With(Dictionary<string, object?> fields, string chargeId, long amountMinor, string currency) =>
        new(fields, StringComparer.Ordinal) { ["chargeId"] = chargeId, ["amountMinor"] = amountMinor, ["currency"] = currency };
}
