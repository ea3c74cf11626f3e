using System.Net;
using System.Text.Json;
using Fulfilment.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfilment.Local.Tests.AwsCalls;

/// <summary>
/// A loopback endpoint one handler's AWS clients are pointed at (<c>AWS_ENDPOINT_URL</c>): it forwards every request to
/// the local edge unchanged and writes down, from the request itself, which IAM action on which resource it needs.
/// </summary>
public sealed class RecordingAwsProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly List<(string Action, string Resource)> _calls = [];
    private readonly Uri _edge;
    private readonly string _region;
    private readonly string _account;

    private RecordingAwsProxy(WebApplication app, Uri edge, string region, string account)
    {
        _app = app;
        _edge = edge;
        _region = region;
        _account = account;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What was sent so far, as <c>(action, resource)</c> with the stack's region and account as placeholders.</summary>
    public IReadOnlyList<(string Action, string Resource)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public static async Task<RecordingAwsProxy> StartAsync(Uri edge, string region, string account)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new RecordingAwsProxy(app, edge, region, account);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        Record(context.Request.Headers["X-Amz-Target"].ToString(), body);

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_edge, context.Request.Path + context.Request.QueryString))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
            else if (!string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }

        using var response = await _forward.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    // The IAM action(s) a request needs, read the way AWS authorizes it: a transaction item by item, a Parameter Store
    // reference to a secret also as the secret read it is.
    private void Record(string target, byte[] body)
    {
        var (service, operation) = target.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? (target[..dot], target[(dot + 1)..]) : (target, "");
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = document.RootElement;
        var found = new List<(string, string)>();
        switch (service)
        {
            case "DynamoDB_20120810" when operation == "TransactWriteItems":
                foreach (var item in root.GetProperty("TransactItems").EnumerateArray())
                {
                    foreach (var kind in item.EnumerateObject())
                    {
                        var action = kind.Name switch
                        {
                            "Put" => "PutItem", "Update" => "UpdateItem", "Delete" => "DeleteItem", "ConditionCheck" => "ConditionCheckItem",
                            _ => throw new InvalidOperationException($"Unknown TransactWriteItems item '{kind.Name}'."),
                        };
                        found.Add(("dynamodb:" + action, Table(kind.Value.GetProperty("TableName").GetString()!)));
                    }
                }

                break;
            case "DynamoDB_20120810" when operation == "TransactGetItems":
                found.AddRange(root.GetProperty("TransactItems").EnumerateArray().Select(i => ("dynamodb:GetItem", Table(i.GetProperty("Get").GetProperty("TableName").GetString()!))));
                break;
            case "DynamoDB_20120810":
                found.Add(("dynamodb:" + operation, Table(root.GetProperty("TableName").GetString()!)));
                break;
            case "AWSStepFunctions" when operation == "StartExecution":
                found.Add(("states:StartExecution", Placeholders(root.GetProperty("stateMachineArn").GetString()!)));
                break;
            case "AWSEvents" when operation == "PutEvents":
                found.AddRange(root.GetProperty("Entries").EnumerateArray().Select(e => ("events:PutEvents", Bus(e.GetProperty("EventBusName").GetString()!))));
                break;
            case "AmazonSSM" when operation == "GetParameter":
                var name = root.GetProperty("Name").GetString()!;
                found.Add(("ssm:GetParameter", $"arn:aws:ssm:{AwsCall.RegionPlaceholder}:{AwsCall.AccountPlaceholder}:parameter{name}"));
                const string reference = "/aws/reference/secretsmanager/";
                if (name.StartsWith(reference, StringComparison.Ordinal))
                {
                    found.Add(("secretsmanager:GetSecretValue", $"arn:aws:secretsmanager:{AwsCall.RegionPlaceholder}:{AwsCall.AccountPlaceholder}:secret:{name[reference.Length..]}"));
                }

                break;
            default:
                found.Add((target.Length == 0 ? "(no X-Amz-Target)" : target, "(not mapped to IAM by this recorder: add it)"));
                break;
        }

        lock (_calls)
        {
            _calls.AddRange(found);
        }
    }

    private static string Table(string name) => $"arn:aws:dynamodb:{AwsCall.RegionPlaceholder}:{AwsCall.AccountPlaceholder}:table/{name}";

    private string Bus(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? Placeholders(nameOrArn) : $"arn:aws:events:{AwsCall.RegionPlaceholder}:{AwsCall.AccountPlaceholder}:event-bus/{nameOrArn}";

    private string Placeholders(string arn) =>
        arn.Replace($":{_region}:", $":{AwsCall.RegionPlaceholder}:", StringComparison.Ordinal)
            .Replace($":{_account}:", $":{AwsCall.AccountPlaceholder}:", StringComparison.Ordinal);
}
