using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda;

namespace Fulfilment.Notification.Hosting;

/// <summary>The Lambda handler of the notification service: <c>notify</c> (workflow state NotifyCustomer).</summary>
public static class NotificationFunction
{
    /// <summary>Handler name of the notify step.</summary>
    public const string Notify = "notify";

    /// <summary>Registers the handler over <paramref name="service"/>.</summary>
    public static LambdaHandlerRegistry Register(LambdaHandlerRegistry registry, NotificationService service)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(service);
        var json = ContractsJsonContext.Default;
        return registry.Add(Notify, json.NotifyCustomerRequest, json.NotifyCustomerResult, async (request, context, ct) =>
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["orderId"] = request.OrderId,
                ["correlationId"] = request.CorrelationId,
                ["kind"] = request.Kind.ToString(),
            };
            try
            {
                var result = await service.NotifyAsync(request, ct);
                context.Logger.Info(result.AlreadySent ? "Notification already sent." : "Notification sent.", fields);
                return result;
            }
            catch (NamedErrorException ex)
            {
                fields["errorName"] = ex.ErrorName;
                context.Logger.Warn(ex.Message, fields);
                throw;
            }
        });
    }
}
