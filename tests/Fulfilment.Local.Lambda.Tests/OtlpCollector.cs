using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>One span as an OTLP exporter sent it, with the <c>service.name</c> of its resource.</summary>
public sealed record CollectedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// A loopback OTLP/HTTP collector for tests: accepts <c>POST /v1/traces</c> (protobuf, what the .NET exporter sends with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>) and keeps the spans it decodes.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base URL to put in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    public ConcurrentQueue<CollectedSpan> Spans { get; } = new();

    /// <summary>The exporter variables that point a process at this collector.</summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtlpCollector? collector = null;
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                collector!.Spans.Enqueue(span);
            }

            // An empty ExportTraceServiceResponse: full success.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        collector = new OtlpCollector(app, new Uri(address));
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Reads the fields the tests need from an OTLP <c>ExportTraceServiceRequest</c> with the protobuf wire format alone:
/// resource_spans(1) → resource(1).attributes(1) and scope_spans(2) → spans(2) → trace_id(1), span_id(2),
/// parent_span_id(4), name(5). Unknown fields are skipped, as protobuf readers do.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IEnumerable<CollectedSpan> Decode(ReadOnlyMemory<byte> request)
    {
        var spans = new List<CollectedSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }

            var service = string.Empty;
            var found = new List<CollectedSpan>();
            foreach (var (rsField, value) in Fields(resourceSpans))
            {
                if (rsField == 1)
                {
                    service = ServiceName(value) ?? service;
                }
                else if (rsField == 2)
                {
                    found.AddRange(Fields(value).Where(f => f.Field == 2).Select(f => Span(f.Value)));
                }
            }

            spans.AddRange(found.Select(s => s with { Service = service }));
        }

        return spans;
    }

    private static string? ServiceName(ReadOnlyMemory<byte> resource)
    {
        foreach (var (field, keyValue) in Fields(resource))
        {
            if (field != 1)
            {
                continue;
            }

            var parts = Fields(keyValue).ToList();
            var key = parts.Where(p => p.Field == 1).Select(p => Text(p.Value)).FirstOrDefault();
            var value = parts.Where(p => p.Field == 2).SelectMany(p => Fields(p.Value)).Where(p => p.Field == 1).Select(p => Text(p.Value)).FirstOrDefault();
            if (key == "service.name")
            {
                return value;
            }
        }

        return null;
    }

    private static CollectedSpan Span(ReadOnlyMemory<byte> span)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value.Span); break;
                case 2: spanId = Convert.ToHexStringLower(value.Span); break;
                case 4: parent = Convert.ToHexStringLower(value.Span); break;
                case 5: name = Text(value); break;
            }
        }

        return new CollectedSpan(string.Empty, traceId, spanId, parent, name);
    }

    private static string Text(ReadOnlyMemory<byte> value) => System.Text.Encoding.UTF8.GetString(value.Span);

    /// <summary>The length-delimited fields of one message (varint and fixed fields are skipped).</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: Varint(message.Span, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    fields.Add((field, message.Slice(position, length)));
                    position += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
