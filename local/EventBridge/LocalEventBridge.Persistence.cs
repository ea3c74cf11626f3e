using System.Text.Json;
using Fulfilment.Local.EventBridge.Patterns;
using Fulfilment.Local.EventBridge.State;

namespace Fulfilment.Local.EventBridge;

/// <summary>Optional JSON persistence of buses, rules, targets and archives (<see cref="LocalEventBridgeOptions.StatePath"/>).</summary>
public sealed partial class LocalEventBridge
{
    private void Load()
    {
        if (_options.StatePath is null || !File.Exists(_options.StatePath))
        {
            return;
        }

        var snapshot = JsonSerializer.Deserialize(File.ReadAllBytes(_options.StatePath), LocalEventBridgeJsonContext.Default.EventBridgeSnapshot);
        foreach (var bus in snapshot?.Buses ?? [])
        {
            var state = new BusState(bus.Name, bus.Description, bus.CreationTime);
            foreach (var rule in bus.Rules)
            {
                var ruleState = new RuleState(rule.Rule, rule.Rule.EventPattern is null ? null : EventPattern.Parse(rule.Rule.EventPattern));
                foreach (var target in rule.Targets)
                {
                    ruleState.Targets[target.Id] = target;
                }

                state.Rules[rule.Rule.Name] = ruleState;
            }

            _buses[bus.Name] = state;
        }

        foreach (var archive in snapshot?.Archives ?? [])
        {
            var state = new ArchiveState(archive with { Events = [] }, archive.EventPattern is null ? null : EventPattern.Parse(archive.EventPattern));
            state.Events.AddRange(archive.Events);
            _archives[archive.ArchiveName] = state;
        }
    }

    private async Task<T> SaveThen<T>(T result, CancellationToken cancellationToken)
    {
        if (_options.StatePath is null)
        {
            return result;
        }

        await _saveLock.WaitAsync(cancellationToken);
        try
        {
            EventBridgeSnapshot snapshot;
            lock (_gate)
            {
                snapshot = new EventBridgeSnapshot
                {
                    Buses = _buses.Values.Select(b => new BusSnapshot
                    {
                        Name = b.Name, Description = b.Description, CreationTime = b.CreationTime,
                        Rules = b.Rules.Values.Select(r => new RuleSnapshot { Rule = r.Rule, Targets = r.Targets.Values.ToList() }).ToList(),
                    }).ToList(),
                    Archives = _archives.Values.Select(a => a.Definition with { Events = a.Events.ToList() }).ToList(),
                };
            }

            // Write then rename, so a crash never leaves a half-written state file.
            var temp = _options.StatePath + ".tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.StatePath))!);
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(snapshot, LocalEventBridgeJsonContext.Default.EventBridgeSnapshot), cancellationToken);
            File.Move(temp, _options.StatePath, overwrite: true);
            return result;
        }
        finally
        {
            _saveLock.Release();
        }
    }
}
