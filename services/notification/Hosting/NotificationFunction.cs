using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda;
using Fulfilment.Notification.Sending;
using Fulfilment.Notification.Storage;
using Fulfilment.Notification.Templates;
using Fulfilment.Storage;

namespace Fulfilment.Notification.Hosting;

/// <summary>The Lambda handler of the notification service: <c>notify</c> (workflow state NotifyCustomer).</summary>
public static class NotificationFunction
{
    /// <summary>Handler name of the notify step.</summary>
    public const string Notify = "notify";

    /// <summary>Environment variable naming the notifications table (default <c>fulfilment-notifications</c>).</summary>
    public const string TableNameVariable = "NOTIFICATIONS_TABLE_NAME";

    /// <summary>
    /// The composition root, built once per process at init: a missing webhook URL or a broken template fails init,
    /// not an invocation.
    /// </summary>
    public static LambdaHandlerRegistry Configure(LambdaHandlerRegistry registry, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = environment(WebhookNotificationSender.UrlVariable);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var webhook))
        {
            throw new InvalidOperationException($"Set {WebhookNotificationSender.UrlVariable} to the customer-notification webhook URL.");
        }

        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        var store = new NotificationStore(DynamoDbClients.Create(environment), environment(TableNameVariable));
        return Register(registry, new NotificationService(store, new WebhookNotificationSender(http, webhook), NotificationTemplates.LoadEmbedded()));
    }

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
