using System.Collections.Concurrent;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// The definitions this service has compiled: by text (validation, resume and redrive, which have the execution's own
/// definition text) and by state machine revision (every StartExecution: hashing a long definition costs microseconds).
/// </summary>
internal sealed class CompiledMachines(TaskInvokerRegistry invokers, string region)
{
    private readonly ConcurrentDictionary<string, CompiledMachine> byText = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CompiledMachine> byRevision = new(StringComparer.Ordinal);

    /// <summary>The compiled definition; an invalid one is InvalidDefinition naming every problem.</summary>
    public CompiledMachine ForText(string definition)
    {
        if (byText.TryGetValue(definition, out var machine))
        {
            return machine;
        }

        try
        {
            return byText.GetOrAdd(definition, new CompiledMachine(AslParser.Parse(definition, invokers, region)));
        }
        catch (AslValidationException e)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidDefinition, e.Message);
        }
    }

    /// <summary>The compiled definition of a stored state machine's current revision.</summary>
    public CompiledMachine ForMachine(StateMachineRecord machine) =>
        byRevision.TryGetValue(machine.RevisionId, out var compiled) ? compiled : byRevision.GetOrAdd(machine.RevisionId, ForText(machine.Definition));
}

/// <summary>One compiled definition and what the engine learned from running it.</summary>
internal sealed class CompiledMachine(StatesBlock block)
{
    public StatesBlock Block { get; } = block;

    /// <summary>
    /// The size of the last completed first run's history (events, payload bytes): the next run's recorder starts that large,
    /// so its arrays are not grown and copied while it runs. Benign races: any value is only a hint.
    /// </summary>
    public (int Events, int Bytes) HistoryHint { get; set; } = (32, 1024);
}
