using System.Text.Json;
using Amazon.SQS;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Local.EventBridge.Delivery;
using Fulfilment.Local.EventBridge.Patterns;
using Fulfilment.Local.EventBridge.State;
using Fulfilment.Local.EventBridge.Targets;

namespace Fulfilment.Local.EventBridge;

/// <summary>
/// The local EventBridge: event buses, rules, targets, archives and replays behind the EventBridge API shapes of
/// <c>Fulfilment.Aws</c>; errors are the same typed exceptions the AWS API answers with.
/// </summary>
public sealed partial class LocalEventBridge : IAsyncDisposable
{
    private const string DefaultBus = "default";
    private const int MaxTargetsPerRule = 5;

    private readonly Lock _gate = new();
    private readonly LocalEventBridgeOptions _options;
    private readonly Dictionary<string, BusState> _buses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArchiveState> _archives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DescribeReplayResponse> _replays = new(StringComparer.Ordinal);
    private readonly TargetSenders _senders;
    private readonly EventDelivery _delivery;
    private readonly SemaphoreSlim _saveLock = new(1, 1);

    /// <summary>Creates the bus; <paramref name="sqs"/> reaches the local SQS, <paramref name="stateMachines"/> the local engine.</summary>
    public LocalEventBridge(LocalEventBridgeOptions options, IAmazonSQS? sqs, HttpClient http, IStateMachineStarter? stateMachines = null)
    {
        _options = options;
        _senders = new TargetSenders(sqs, http, stateMachines);
        _delivery = new EventDelivery(_senders, options);
        _buses[DefaultBus] = new BusState(DefaultBus, null, DateTimeOffset.UtcNow);
        Load();
    }

    /// <summary>Deliveries that failed for good (no DLQ, or the DLQ failed too), oldest first.</summary>
    public IReadOnlyCollection<DeliveryFailure> DeliveryFailures => _delivery.Failures;

    /// <summary>Deliveries enqueued or being retried.</summary>
    public int PendingDeliveries => _delivery.Pending;

    public Task<CreateEventBusResponse> CreateEventBusAsync(CreateEventBusRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.Name, "Name");
        lock (_gate)
        {
            if (_buses.ContainsKey(request.Name))
            {
                throw new ResourceAlreadyExistsException($"Event bus {request.Name} already exists.");
            }

            _buses[request.Name] = new BusState(request.Name, request.Description, DateTimeOffset.UtcNow);
        }

        return SaveThen(new CreateEventBusResponse { EventBusArn = BusArn(request.Name) }, cancellationToken);
    }

    public Task<DescribeEventBusResponse> DescribeEventBusAsync(DescribeEventBusRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var bus = Bus(request.Name);
            return Task.FromResult(new DescribeEventBusResponse { Name = bus.Name, Arn = BusArn(bus.Name), Description = bus.Description, CreationTime = bus.CreationTime });
        }
    }

    public Task<EmptyResponse> DeleteEventBusAsync(DeleteEventBusRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (request.Name == DefaultBus)
            {
                throw new ValidationException("Cannot delete event bus default.");
            }

            // AWS answers success for a bus that does not exist.
            _buses.Remove(request.Name);
        }

        return SaveThen(new EmptyResponse(), cancellationToken);
    }

    public Task<ListEventBusesResponse> ListEventBusesAsync(ListEventBusesRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var all = _buses.Values.Where(b => request.NamePrefix is null || b.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .Select(b => new EventBus { Name = b.Name, Arn = BusArn(b.Name), Description = b.Description }).ToList();
            var (page, next) = Paging.Page(all, request.NextToken, request.Limit);
            return Task.FromResult(new ListEventBusesResponse { EventBuses = page, NextToken = next });
        }
    }

    public Task<PutRuleResponse> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.Name, "Name");
        if (request.EventPattern is null && request.ScheduleExpression is null)
        {
            throw new ValidationException("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        var pattern = request.EventPattern is null ? null : EventPattern.Parse(request.EventPattern);
        if (request.State is not (null or "ENABLED" or "DISABLED"))
        {
            throw new ValidationException($"1 validation error detected: Value '{request.State}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
        }

        string arn;
        lock (_gate)
        {
            var bus = Bus(request.EventBusName);
            arn = RuleArn(bus.Name, request.Name);
            var rule = new Rule
            {
                Name = request.Name, Arn = arn, EventPattern = request.EventPattern, ScheduleExpression = request.ScheduleExpression,
                State = request.State ?? "ENABLED", Description = request.Description, RoleArn = request.RoleArn, EventBusName = bus.Name,
            };
            if (bus.Rules.TryGetValue(request.Name, out var existing))
            {
                existing.Rule = rule;
                existing.Pattern = pattern;
            }
            else
            {
                bus.Rules[request.Name] = new RuleState(rule, pattern);
            }
        }

        return SaveThen(new PutRuleResponse { RuleArn = arn }, cancellationToken);
    }

    public Task<Rule> DescribeRuleAsync(RuleNameRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(RuleOf(request.EventBusName, request.Name).Rule);
        }
    }

    public Task<EmptyResponse> DeleteRuleAsync(RuleNameRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var bus = Bus(request.EventBusName);
            if (bus.Rules.TryGetValue(request.Name, out var rule))
            {
                if (rule.Targets.Count > 0)
                {
                    throw new ValidationException("Rule can't be deleted since it has targets.");
                }

                bus.Rules.Remove(request.Name);
            }
        }

        return SaveThen(new EmptyResponse(), cancellationToken);
    }

    public Task<EmptyResponse> EnableRuleAsync(RuleNameRequest request, CancellationToken cancellationToken) => SetStateAsync(request, "ENABLED", cancellationToken);

    public Task<EmptyResponse> DisableRuleAsync(RuleNameRequest request, CancellationToken cancellationToken) => SetStateAsync(request, "DISABLED", cancellationToken);

    public Task<ListRulesResponse> ListRulesAsync(ListRulesRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var all = Bus(request.EventBusName).Rules.Values.Select(r => r.Rule)
                .Where(r => request.NamePrefix is null || r.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
                .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var (page, next) = Paging.Page(all, request.NextToken, request.Limit);
            return Task.FromResult(new ListRulesResponse { Rules = page, NextToken = next });
        }
    }

    public Task<TargetsResponse> PutTargetsAsync(PutTargetsRequest request, CancellationToken cancellationToken)
    {
        if (request.Targets.Count is 0 or > 10)
        {
            throw new ValidationException("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10");
        }

        var failed = new List<FailedTargetEntry>();
        lock (_gate)
        {
            var rule = RuleOf(request.EventBusName, request.Rule);
            var newIds = request.Targets.Select(t => t.Id).Where(id => !rule.Targets.ContainsKey(id)).Distinct().Count();
            if (rule.Targets.Count + newIds > MaxTargetsPerRule)
            {
                throw new LimitExceededException($"The requested resource exceeds the maximum number allowed ({MaxTargetsPerRule} targets per rule).");
            }

            foreach (var target in request.Targets)
            {
                var error = ValidateTarget(target);
                if (error is null)
                {
                    rule.Targets[target.Id] = target;
                }
                else
                {
                    failed.Add(new FailedTargetEntry { TargetId = target.Id, ErrorCode = "ValidationException", ErrorMessage = error });
                }
            }
        }

        return SaveThen(new TargetsResponse { FailedEntryCount = failed.Count, FailedEntries = failed }, cancellationToken);
    }

    public Task<TargetsResponse> RemoveTargetsAsync(RemoveTargetsRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var rule = RuleOf(request.EventBusName, request.Rule);
            foreach (var id in request.Ids)
            {
                rule.Targets.Remove(id);
            }
        }

        return SaveThen(new TargetsResponse(), cancellationToken);
    }

    public Task<ListTargetsByRuleResponse> ListTargetsByRuleAsync(ListTargetsByRuleRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var all = RuleOf(request.EventBusName, request.Rule).Targets.Values.ToList();
            var (page, next) = Paging.Page(all, request.NextToken, request.Limit);
            return Task.FromResult(new ListTargetsByRuleResponse { Targets = page, NextToken = next });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _delivery.DisposeAsync();
        _senders.Dispose();
        _saveLock.Dispose();
    }

    private static string? ValidateTarget(Target target)
    {
        if (string.IsNullOrWhiteSpace(target.Id) || target.Id.Length > 64)
        {
            return "Target Id must be 1 to 64 characters.";
        }

        if (new object?[] { target.Input, target.InputPath, target.InputTransformer }.Count(x => x is not null) > 1)
        {
            return "Only one of Input, InputPath, or InputTransformer must be provided.";
        }

        if (target.Input is not null && !IsJson(target.Input))
        {
            return "Input is not valid JSON text.";
        }

        return TargetSenders.Unsupported(target.Arn);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private Task<EmptyResponse> SetStateAsync(RuleNameRequest request, string state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var rule = RuleOf(request.EventBusName, request.Name);
            rule.Rule = rule.Rule with { State = state };
        }

        return SaveThen(new EmptyResponse(), cancellationToken);
    }

    private BusState Bus(string? nameOrArn)
    {
        var name = BusName(nameOrArn);
        return _buses.TryGetValue(name, out var bus) ? bus : throw new ResourceNotFoundException($"Event bus {name} does not exist.");
    }

    private RuleState RuleOf(string? busNameOrArn, string ruleName)
    {
        var bus = Bus(busNameOrArn);
        return bus.Rules.TryGetValue(ruleName, out var rule)
            ? rule
            : throw new ResourceNotFoundException($"Rule {ruleName} does not exist on EventBus {bus.Name}.");
    }

    private static string BusName(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return DefaultBus;
        }

        var slash = nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal);
        return slash >= 0 ? nameOrArn[(slash + ":event-bus/".Length)..] : nameOrArn;
    }

    private static void RequireName(string? name, string parameter)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 256 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/')))
        {
            throw new ValidationException($"1 validation error detected: Value '{name}' at '{char.ToLowerInvariant(parameter[0]) + parameter[1..]}' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
        }
    }

    private string Arn(string resource) => $"arn:aws:events:{_options.Region}:{_options.AccountId}:{resource}";

    private string BusArn(string bus) => Arn($"event-bus/{bus}");

    private string RuleArn(string bus, string rule) => Arn(bus == DefaultBus ? $"rule/{rule}" : $"rule/{bus}/{rule}");
}
