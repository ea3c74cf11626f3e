using Amazon.DynamoDBv2;
using Fulfilment.Lambda;
using Fulfilment.Notification;
using Fulfilment.Notification.Hosting;
using Fulfilment.Notification.Sending;
using Fulfilment.Notification.Storage;
using Fulfilment.Notification.Templates;

// Built once per process at init: a missing webhook URL or a broken template fails init, not an invocation.
return await LambdaHost.RunAsync(registry =>
{
    var url = Environment.GetEnvironmentVariable(WebhookNotificationSender.UrlVariable);
    if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var webhook))
    {
        throw new InvalidOperationException($"Set {WebhookNotificationSender.UrlVariable} to the customer-notification webhook URL.");
    }

    var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
    var store = new NotificationStore(new AmazonDynamoDBClient(), Environment.GetEnvironmentVariable("NOTIFICATIONS_TABLE"));
    var service = new NotificationService(store, new WebhookNotificationSender(http, webhook), NotificationTemplates.LoadEmbedded());
    NotificationFunction.Register(registry, service);
});
