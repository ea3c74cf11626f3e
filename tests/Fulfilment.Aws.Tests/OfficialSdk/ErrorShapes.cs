namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>One way an AWS JSON service (or something in front of it) spells an error.</summary>
public sealed record ErrorShape(string Name, Func<ServiceError, CannedResponse> Response)
{
    public override string ToString() => Name;
}

/// <summary>A modelled error of a service: its name and the namespace a <c>__type</c> may carry.</summary>
public sealed record ServiceError(string Case, string Name, string Namespace);

/// <summary>
/// The error spellings both clients must read alike: <c>__type</c> with and without namespace, <c>x-amzn-ErrorType</c> with a
/// <c>:</c> suffix, <c>message</c> and <c>Message</c>, <c>code</c>, empty bodies, and the corner cases between them.
/// </summary>
public static class ErrorShapes
{
    private const string Suffix = ":http://internal.amazon.com/coral/com.amazonaws.swf.service.v2.model/";

    /// <summary>A Step Functions error on DescribeExecution and an EventBridge one on DescribeRule.</summary>
    public static IReadOnlyList<ServiceError> Services { get; } =
    [
        new("states.DescribeExecution", "ExecutionDoesNotExist", "com.amazonaws.states"),
        new("events.DescribeRule", "ResourceNotFoundException", "com.amazonaws.eventbridge"),
    ];

    public static IReadOnlyList<ErrorShape> All { get; } =
    [
        new("__type with namespace", e => Json(400, $$"""{"__type":"{{e.Namespace}}#{{e.Name}}","message":"Execution does not exist: 'x'"}""")),
        new("__type without namespace", e => Json(400, $$"""{"__type":"{{e.Name}}","message":"Execution does not exist: 'x'"}""")),
        new("x-amzn-ErrorType with a : suffix", e => Json(400, """{"message":"from the header"}""", ("x-amzn-ErrorType", e.Name + Suffix))),
        new("Message capitalised", e => Json(400, $$"""{"__type":"{{e.Name}}","Message":"Capitalised message"}""")),
        new("message and Message", e => Json(400, $$"""{"__type":"{{e.Name}}","Message":"Capitalised","message":"lower case"}""")),
        new("no message", e => Json(400, $$"""{"__type":"{{e.Name}}"}""")),
        new("code member", e => Json(400, $$"""{"code":"{{e.Name}}","message":"named by code"}""")),
        new("__type and header disagree", e => Json(400, $$"""{"__type":"{{e.Name}}","message":"body wins"}""", ("x-amzn-ErrorType", "SomethingElse" + Suffix))),
        new("comma in x-amzn-ErrorType", e => Json(400, "{}", ("x-amzn-ErrorType", e.Name + ",Other"))),
        new("name the model does not know", e => Json(400, $$"""{"__type":"{{e.Namespace}}#SomethingNew","message":"a new error"}""")),
        new("throttling", _ => Json(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")),
        new("empty body 400", _ => Json(400, "")),
        new("empty body with x-amzn-ErrorType", e => Json(400, "", ("x-amzn-ErrorType", e.Name + Suffix))),
        new("empty body 429", _ => Json(429, "")),
        new("empty body 500", _ => Json(500, "")),
        new("empty body 503", _ => Json(503, "")),
    ];

    private static CannedResponse Json(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, body, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));
}
