using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>One mapping template to render: the request's <c>$context</c>, its parameters and its raw body.</summary>
public sealed record TemplateJob(string Template, JsonObject Context, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonObject ToJson() => new()
    {
        ["template"] = Template,
        ["context"] = Context.DeepClone(),
        ["params"] = new JsonObject
        {
            ["path"] = new JsonObject(),
            ["querystring"] = new JsonObject(),
            ["header"] = new JsonObject(Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
        },
        ["body"] = Body,
    };
}

/// <summary>What an engine made of a <see cref="TemplateJob"/>: the output and the headers the template overrode.</summary>
public sealed record TemplateResult(string Output, IReadOnlyDictionary<string, string> ResponseHeaders, string? Error)
{
    public static TemplateResult FromJson(JsonNode node) => node["error"] is JsonValue error
        ? new TemplateResult(string.Empty, new Dictionary<string, string>(), (string)error!)
        : new TemplateResult(
            (string)node["output"]!,
            node["responseOverride"]!["header"]!.AsObject().ToDictionary(h => h.Key, h => (string)h.Value!, StringComparer.Ordinal),
            null);

    /// <summary>The output, or a failure naming the engine's error.</summary>
    public string OutputOrThrow(string engine) =>
        Error is null ? Output : throw new InvalidOperationException($"{engine} could not render the template: {Error}");
}

/// <summary>A Velocity engine that renders API Gateway mapping templates in batches (one process per batch).</summary>
public interface ITemplateEngine
{
    string Name { get; }

    Task<IReadOnlyList<TemplateResult>> RenderAsync(IReadOnlyList<TemplateJob> jobs, CancellationToken cancellationToken);
}
