using Fulfilment.Contracts.Steps;
using Fulfilment.Notification.Templates;

namespace Fulfilment.Notification.Tests;

public sealed class NotificationTemplatesTests
{
    private readonly NotificationTemplates _templates = NotificationTemplates.LoadEmbedded();

    [Theory]
    [InlineData(NotificationKind.OrderConfirmed)]
    [InlineData(NotificationKind.OrderRejected)]
    [InlineData(NotificationKind.PaymentFailed)]
    public void Render_WhenKindIsKnown_ShouldNameTheOrderInSubjectAndBody(NotificationKind kind)
    {
        var message = _templates.Render(new NotifyCustomerRequest("01JORDER", "cust-7", kind, "card declined"));

        Assert.True(message.Subject.Contains("01JORDER", StringComparison.Ordinal) && message.Body.Contains("01JORDER", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_WhenPaymentFailedWithReason_ShouldIncludeTheReason()
    {
        var message = _templates.Render(new NotifyCustomerRequest("01JORDER", "cust-7", NotificationKind.PaymentFailed, "insufficient_funds"));

        Assert.Contains("insufficient_funds", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenAnyKind_ShouldLeaveNoPlaceholder()
    {
        var bodies = Enum.GetValues<NotificationKind>().Select(k => _templates.Render(new NotifyCustomerRequest("o", "c", k)));

        Assert.DoesNotContain(bodies, m => (m.Subject + m.Body).Contains("{{", StringComparison.Ordinal));
    }
}
