using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Local.EventBridge.Patterns;
using Fulfilment.Local.EventBridge.State;
using Fulfilment.Local.EventBridge.Targets;

namespace Fulfilment.Local.EventBridge;

/// <summary>PutEvents, routing to rules, TestEventPattern, archives and replays.</summary>
public sealed partial class LocalEventBridge
{
    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken)
    {
        if (request.Entries.Count is 0 or > 10)
        {
            throw new ValidationException("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
        }

        if (request.Entries.Sum(EventPublisher.EntrySize) > EventPublisher.MaxBytesPerCall)
        {
            throw new ValidationException("Total size of the entries in the request is over the limit.");
        }

        var results = new List<PutEventsResultEntry>(request.Entries.Count);
        var toArchive = new List<(string BusArn, string Json, JsonElement Event)>();
        foreach (var entry in request.Entries)
        {
            var error = ValidateEntry(entry);
            if (error is not null)
            {
                results.Add(error);
                continue;
            }

            var busName = BusName(entry.EventBusName);
            lock (_gate)
            {
                if (!_buses.ContainsKey(busName))
                {
                    results.Add(new PutEventsResultEntry { ErrorCode = "ResourceNotFoundException", ErrorMessage = $"Event bus {busName} does not exist." });
                    continue;
                }
            }

            var id = Guid.NewGuid().ToString();
            var json = BuildEvent(entry, id, replayName: null);
            using var doc = JsonDocument.Parse(json);
            Route(busName, doc.RootElement, json, filterArns: null);
            Archive(BusArn(busName), doc.RootElement, json);
            results.Add(new PutEventsResultEntry { EventId = id });
        }

        return Task.FromResult(new PutEventsResponse { Entries = results, FailedEntryCount = results.Count(r => r.ErrorCode is not null) });
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "One of the bus's API operations; the edge dispatches every operation on the instance.")]
    public Task<TestEventPatternResponse> TestEventPatternAsync(TestEventPatternRequest request, CancellationToken cancellationToken)
    {
        var pattern = EventPattern.Parse(request.EventPattern);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(request.Event);
        }
        catch (JsonException ex)
        {
            throw new InvalidEventPatternException($"Event is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            foreach (var field in new[] { "id", "account", "source", "time", "region", "detail-type" })
            {
                if (!doc.RootElement.TryGetProperty(field, out _))
                {
                    throw new ValidationException($"Parameter Event is not valid. Reason: Provided Event is missing required field {field}.");
                }
            }

            return Task.FromResult(new TestEventPatternResponse { Result = pattern.Matches(doc.RootElement) });
        }
    }

    public Task<CreateArchiveResponse> CreateArchiveAsync(CreateArchiveRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.ArchiveName, "ArchiveName");
        var pattern = request.EventPattern is null ? null : EventPattern.Parse(request.EventPattern);
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            Bus(request.EventSourceArn);
            if (_archives.ContainsKey(request.ArchiveName))
            {
                throw new ResourceAlreadyExistsException($"Archive {request.ArchiveName} already exists.");
            }

            _archives[request.ArchiveName] = new ArchiveState(
                new ArchiveSnapshot
                {
                    ArchiveName = request.ArchiveName, EventSourceArn = request.EventSourceArn, EventPattern = request.EventPattern,
                    Description = request.Description, RetentionDays = request.RetentionDays, CreationTime = now,
                },
                pattern);
        }

        return SaveThen(new CreateArchiveResponse { ArchiveArn = Arn($"archive/{request.ArchiveName}"), State = "ENABLED", CreationTime = now }, cancellationToken);
    }

    public Task<DescribeArchiveResponse> DescribeArchiveAsync(DescribeArchiveRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var archive = ArchiveOf(request.ArchiveName);
            var d = archive.Definition;
            return Task.FromResult(new DescribeArchiveResponse
            {
                ArchiveName = d.ArchiveName, ArchiveArn = Arn($"archive/{d.ArchiveName}"), EventSourceArn = d.EventSourceArn,
                EventPattern = d.EventPattern, State = "ENABLED", EventCount = archive.Events.Count, CreationTime = d.CreationTime,
            });
        }
    }

    /// <summary>Replays archived events in [start, end) into the destination bus; replayed events carry <c>replay-name</c>.</summary>
    public Task<StartReplayResponse> StartReplayAsync(StartReplayRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.ReplayName, "ReplayName");
        if (request.EventEndTime <= request.EventStartTime)
        {
            throw new ValidationException("Parameter EventEndTime is not valid. Reason: EventEndTime must be after EventStartTime.");
        }

        List<ArchivedEvent> events;
        string busName;
        lock (_gate)
        {
            if (_replays.ContainsKey(request.ReplayName))
            {
                throw new ResourceAlreadyExistsException($"Replay {request.ReplayName} already exists.");
            }

            var archiveName = request.EventSourceArn[(request.EventSourceArn.LastIndexOf('/') + 1)..];
            var archive = ArchiveOf(archiveName);
            busName = Bus(request.Destination.Arn).Name;
            if (BusArn(busName) != archive.Definition.EventSourceArn && BusName(archive.Definition.EventSourceArn) != busName)
            {
                throw new ValidationException("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
            }

            events = archive.Events.Where(e => e.Time >= request.EventStartTime && e.Time < request.EventEndTime).ToList();
        }

        var started = DateTimeOffset.UtcNow;
        foreach (var archived in events)
        {
            var json = WithReplayName(archived.Event, request.ReplayName);
            using var doc = JsonDocument.Parse(json);
            Route(busName, doc.RootElement, json, request.Destination.FilterArns);
        }

        // Replays run to completion at once locally: routing only enqueues deliveries.
        var arn = Arn($"replay/{request.ReplayName}");
        lock (_gate)
        {
            _replays[request.ReplayName] = new DescribeReplayResponse
            {
                ReplayName = request.ReplayName, ReplayArn = arn, State = "COMPLETED", EventSourceArn = request.EventSourceArn,
                Destination = request.Destination, ReplayStartTime = started, ReplayEndTime = DateTimeOffset.UtcNow,
            };
        }

        return Task.FromResult(new StartReplayResponse { ReplayArn = arn, State = "STARTING", ReplayStartTime = started });
    }

    public Task<DescribeReplayResponse> DescribeReplayAsync(DescribeReplayRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _replays.TryGetValue(request.ReplayName, out var replay)
                ? Task.FromResult(replay)
                : throw new ResourceNotFoundException($"Replay {request.ReplayName} does not exist.");
        }
    }

    private void Route(string busName, JsonElement evt, string json, IReadOnlyList<string>? filterArns)
    {
        List<(RuleState Rule, Target[] Targets)> matched;
        lock (_gate)
        {
            if (!_buses.TryGetValue(busName, out var bus))
            {
                return;
            }

            matched = bus.Rules.Values
                .Where(r => r.Rule.State == "ENABLED" && r.Pattern is not null && (filterArns is null || filterArns.Contains(r.Rule.Arn)))
                .Select(r => (r, r.Targets.Values.ToArray())).ToList();
        }

        foreach (var (rule, targets) in matched)
        {
            if (!rule.Pattern!.Matches(evt))
            {
                continue;
            }

            foreach (var target in targets)
            {
                string input;
                try
                {
                    input = InputTransformation.Apply(target, evt, json, rule.Rule.Name, rule.Rule.Arn);
                }
                catch (FormatException)
                {
                    continue;
                }

                _delivery.Enqueue(new DeliveryRequest(target, input, evt.GetProperty("id").GetString()!, rule.Rule.Arn));
            }
        }
    }

    private void Archive(string busArn, JsonElement evt, string json)
    {
        var time = DateTimeOffset.UtcNow;
        var persist = false;
        lock (_gate)
        {
            foreach (var archive in _archives.Values)
            {
                if ((archive.Definition.EventSourceArn == busArn || BusArn(BusName(archive.Definition.EventSourceArn)) == busArn)
                    && (archive.Pattern is null || archive.Pattern.Matches(evt)))
                {
                    archive.Events.Add(new ArchivedEvent(time, json));
                    persist = true;
                }
            }
        }

        if (persist && _options.StatePath is not null)
        {
            _ = SaveThen(0, CancellationToken.None);
        }
    }

    private static PutEventsResultEntry? ValidateEntry(PutEventsRequestEntry entry)
    {
        if (string.IsNullOrEmpty(entry.Source))
        {
            return new PutEventsResultEntry { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter Source is not valid. Reason: Source is a required argument." };
        }

        if (string.IsNullOrEmpty(entry.DetailType))
        {
            return new PutEventsResultEntry { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter DetailType is not valid. Reason: DetailType is a required argument." };
        }

        if (string.IsNullOrEmpty(entry.Detail))
        {
            return new PutEventsResultEntry { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter Detail is not valid. Reason: Detail is a required argument." };
        }

        try
        {
            using var doc = JsonDocument.Parse(entry.Detail);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : new PutEventsResultEntry { ErrorCode = "MalformedDetail", ErrorMessage = "Detail is malformed." };
        }
        catch (JsonException)
        {
            return new PutEventsResultEntry { ErrorCode = "MalformedDetail", ErrorMessage = "Detail is malformed." };
        }
    }

    private string BuildEvent(PutEventsRequestEntry entry, string id, string? replayName)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", id);
            writer.WriteString("detail-type", entry.DetailType);
            writer.WriteString("source", entry.Source);
            writer.WriteString("account", _options.AccountId);
            writer.WriteString("time", (entry.Time ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("region", _options.Region);
            writer.WriteStartArray("resources");
            foreach (var resource in entry.Resources ?? [])
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            writer.WriteRawValue(entry.Detail!);
            if (replayName is not null)
            {
                writer.WriteString("replay-name", replayName);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string WithReplayName(string json, string replayName)
    {
        // The archived JSON is compact and ends with '}': append the field AWS adds to replayed events.
        var name = JsonSerializer.Serialize(replayName, LocalEventBridgeJsonContext.Default.String);
        return string.Concat(json.AsSpan(0, json.LastIndexOf('}')), ",\"replay-name\":", name, "}");
    }

    private ArchiveState ArchiveOf(string name) =>
        _archives.TryGetValue(name, out var archive) ? archive : throw new ResourceNotFoundException($"Archive {name} does not exist.");
}
