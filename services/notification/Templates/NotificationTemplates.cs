using System.Text;
using System.Text.RegularExpressions;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Notification.Templates;

/// <summary>A rendered customer message.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>
/// The customer messages, one embedded text template per <see cref="NotificationKind"/>: first line
/// <c>Subject: ...</c>, then a blank line and the body; placeholders <c>{{orderId}}</c>, <c>{{customerId}}</c>,
/// <c>{{reason}}</c>. Loaded and checked once at start, so a missing or broken template fails init, not a customer.
/// </summary>
public sealed partial class NotificationTemplates
{
    private static readonly string[] Placeholders = ["orderId", "customerId", "reason"];
    private readonly Dictionary<NotificationKind, (string Subject, string Body)> _templates;

    private NotificationTemplates(Dictionary<NotificationKind, (string Subject, string Body)> templates) => _templates = templates;

    /// <summary>Loads the templates embedded in this assembly.</summary>
    public static NotificationTemplates LoadEmbedded()
    {
        var assembly = typeof(NotificationTemplates).Assembly;
        var templates = new Dictionary<NotificationKind, (string, string)>();
        foreach (var kind in Enum.GetValues<NotificationKind>())
        {
            var name = $"Fulfilment.Notification.Templates.{kind}.txt";
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The template for {kind} is missing: add Templates/{kind}.txt.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            templates[kind] = Parse(kind, reader.ReadToEnd());
        }

        return new NotificationTemplates(templates);
    }

    /// <summary>Renders the message for a request; a missing reason reads as "no reason given".</summary>
    public RenderedMessage Render(NotifyCustomerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (subject, body) = _templates[request.Kind];
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["orderId"] = request.OrderId,
            ["customerId"] = request.CustomerId,
            ["reason"] = string.IsNullOrWhiteSpace(request.Reason) ? "no reason given" : request.Reason,
        };
        return new RenderedMessage(Fill(subject, values), Fill(body, values));
    }

    private static (string Subject, string Body) Parse(NotificationKind kind, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var first = newline < 0 ? text : text[..newline];
        if (!first.StartsWith("Subject: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Template {kind} must start with 'Subject: '.");
        }

        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                throw new InvalidOperationException($"Template {kind} uses unknown placeholder {match.Value}; known: {string.Join(", ", Placeholders)}.");
            }
        }

        return (first["Subject: ".Length..].Trim(), newline < 0 ? string.Empty : text[(newline + 1)..].Trim('\n'));
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        PlaceholderPattern().Replace(template, m => values[m.Groups[1].Value]);

    [GeneratedRegex(@"\{\{(\w+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
