using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;
using Fulfilment.Lambda;
using Fulfilment.Local.NotificationInbox;
using Fulfilment.Notification.Hosting;
using Fulfilment.Notification.Sending;
using Fulfilment.Notification.Storage;
using Fulfilment.Notification.Templates;
using Fulfilment.Testing;

namespace Fulfilment.Notification.Tests;

[Trait("Category", "Integration")]
public sealed class NotificationServiceTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private static readonly NotificationTemplates Templates = NotificationTemplates.LoadEmbedded();
    private readonly HttpClient _http = new();
    private NotificationInbox _inbox = null!;
    private NotificationStore _store = null!;
    private NotificationService _service = null!;

    public async Task InitializeAsync()
    {
        _inbox = await NotificationInbox.StartAsync(null, CancellationToken.None);
        _store = new NotificationStore(dynamo.Client, dynamo.NotificationsTable);
        _service = ServiceSendingTo(_inbox.WebhookUrl);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _inbox.DisposeAsync();
    }

    [Fact]
    public async Task NotifyAsync_WhenReplayed_ShouldSendOnceAndReportAlreadySent()
    {
        var request = Request(NotificationKind.OrderConfirmed);

        await _service.NotifyAsync(request, CancellationToken.None);
        var replay = await _service.NotifyAsync(request, CancellationToken.None);

        Assert.Equal((true, 1), (replay.AlreadySent, _inbox.Received(request.OrderId).Count));
    }

    [Fact]
    public async Task NotifyAsync_WhenReplayedConcurrently_ShouldDeliverOnce()
    {
        var request = Request(NotificationKind.OrderConfirmed);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _service.NotifyAsync(request, CancellationToken.None))));

        Assert.Single(_inbox.Received(request.OrderId));
    }

    [Fact]
    public async Task NotifyAsync_WhenSent_ShouldRecordItSent()
    {
        var request = Request(NotificationKind.PaymentFailed);

        await _service.NotifyAsync(request, CancellationToken.None);

        var stored = await _store.GetAsync(request.OrderId, request.Kind, CancellationToken.None);
        Assert.Equal(NotificationState.Sent, stored!.State);
    }

    [Fact]
    public async Task NotifyAsync_WhenKindsDiffer_ShouldSendOneOfEach()
    {
        var orderId = OrderIds.New();

        await _service.NotifyAsync(Request(NotificationKind.PaymentFailed, orderId), CancellationToken.None);
        await _service.NotifyAsync(Request(NotificationKind.OrderRejected, orderId), CancellationToken.None);

        Assert.Equal(2, _inbox.Received(orderId).Count);
    }

    [Fact]
    public async Task NotifyAsync_WhenWebhookIsDown_ShouldThrowNotificationUnavailable()
    {
        var service = ServiceSendingTo(new Uri($"http://127.0.0.1:{UnusedPort()}/notifications"));

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => service.NotifyAsync(Request(NotificationKind.OrderConfirmed), CancellationToken.None));

        Assert.Equal(ErrorNames.NotificationUnavailable, error.ErrorName);
    }

    [Fact]
    public async Task NotifyAsync_WhenRetriedAfterAFailedSend_ShouldDeliverOnce()
    {
        var request = Request(NotificationKind.OrderConfirmed);
        var down = ServiceSendingTo(new Uri($"http://127.0.0.1:{UnusedPort()}/notifications"));
        await Assert.ThrowsAsync<NamedErrorException>(() => down.NotifyAsync(request, CancellationToken.None));

        var retry = await _service.NotifyAsync(request, CancellationToken.None);

        Assert.Equal((false, 1), (retry.AlreadySent, _inbox.Received(request.OrderId).Count));
    }

    [Fact]
    public async Task NotifyAsync_WhenSentButNotRecorded_ShouldLetTheInboxDedupeTheResend()
    {
        var request = Request(NotificationKind.OrderConfirmed);
        var id = NotificationService.NotificationIdFor(request.OrderId, request.Kind);

        // A crash between send and mark: the item stays Pending although the inbox has the message.
        await _store.TryCreateAsync(new NotificationRecord(request.OrderId, request.Kind, id, NotificationState.Pending, request.CustomerId, DateTimeOffset.UtcNow), CancellationToken.None);
        await new WebhookNotificationSender(_http, _inbox.WebhookUrl).SendAsync(
            new OutgoingNotification(id, request.OrderId, request.CustomerId, request.Kind, "s", "b", null), CancellationToken.None);
        await _service.NotifyAsync(request, CancellationToken.None);

        Assert.Equal((1, 1L), (_inbox.Received(request.OrderId).Count, _inbox.Duplicates));
    }

    [Fact]
    public async Task Notify_WhenInvokedThroughTheRegistryWithWebhookDown_ShouldReportNotificationUnavailableAsErrorType()
    {
        var registry = new LambdaHandlerRegistry();
        NotificationFunction.Register(registry, ServiceSendingTo(new Uri($"http://127.0.0.1:{UnusedPort()}/notifications")));
        var payload = Encoding.UTF8.GetBytes($$"""{"orderId":"{{OrderIds.New()}}","customerId":"c-1","kind":"OrderConfirmed"}""");

        var result = await registry.InvokeAsync(NotificationFunction.Notify, payload, new LambdaContext { AwsRequestId = "req-1" }, CancellationToken.None);

        Assert.Equal(ErrorNames.NotificationUnavailable, result.Error?.ErrorType);
    }

    private NotificationService ServiceSendingTo(Uri webhook) =>
        new(_store, new WebhookNotificationSender(_http, webhook, TimeSpan.FromSeconds(10)), Templates);

    private static NotifyCustomerRequest Request(NotificationKind kind, string? orderId = null) =>
        new(orderId ?? OrderIds.New(), "cust-1", kind, "test", "corr-1");

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
