using System.Globalization;
using Constructs;

namespace Fulfilment.Cdk;

/// <summary>Reads a stage's <see cref="FulfilmentStackProps"/> from CDK context (<c>cdk.json</c> or <c>-c key=value</c>).</summary>
public static class StageSettings
{
    /// <summary>Context keys, as documented in docs/deploy.md.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "stage", "namePrefix", "alarmEmail", "paymentProviderUrl", "paymentProviderApiKeySecretName", "notificationWebhookUrl",
        "paymentConcurrency", "subscriberAccounts",
    ];

    /// <summary>The props for the context of <paramref name="node"/>; unset keys keep their defaults.</summary>
    public static FulfilmentStackProps FromContext(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var props = new FulfilmentStackProps();
        string? Get(string key) => node.TryGetContext(key)?.ToString() is { Length: > 0 } value ? value : null;

        props.Stage = Get("stage") ?? props.Stage;
        props.NamePrefix = Get("namePrefix") ?? props.NamePrefix;
        props.AlarmEmail = Get("alarmEmail");
        props.PaymentProviderUrl = Get("paymentProviderUrl") ?? props.PaymentProviderUrl;
        props.PaymentProviderApiKeySecretName = Get("paymentProviderApiKeySecretName") ?? props.PaymentProviderApiKeySecretName;
        props.NotificationWebhookUrl = Get("notificationWebhookUrl") ?? props.NotificationWebhookUrl;
        if (Get("paymentConcurrency") is { } concurrency)
        {
            props.PaymentConcurrency = int.TryParse(concurrency, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ArgumentException(
                    $"Context paymentConcurrency must be a whole number of 0 or more (0 leaves the charge function unreserved), got '{concurrency}'. Fix -c paymentConcurrency=... or cdk.json.");
        }

        if (Get("subscriberAccounts") is { } accounts)
        {
            props.SubscriberAccounts = [.. accounts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return props;
    }
}
