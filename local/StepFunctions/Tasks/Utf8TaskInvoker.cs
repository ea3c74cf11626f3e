namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>
/// An integration that can take a resource's parameters as UTF-8 JSON and answer UTF-8 JSON, so that the engine needs no
/// node for either (with <c>ExecutionServiceOptions.FastPaths</c> on). For such a resource its
/// <see cref="ITaskInvoker.InvokeAsync"/> reads only <see cref="TaskInvocation.ParametersUtf8"/>.
/// </summary>
internal interface IUtf8TaskInvoker
{
    /// <summary>What the integration calls <paramref name="resource"/> by (made once per Task state), or null when it does not take UTF-8 for it.</summary>
    string? Utf8Target(string resource);

    /// <summary>Calls the target with the parameters; the raw response, or null when it is empty. Errors are thrown as from InvokeAsync.</summary>
    ValueTask<byte[]?> InvokeUtf8Async(string target, ReadOnlyMemory<byte> parameters, CancellationToken cancellationToken);

    /// <summary>The result node of a response that is not canonical JSON (an error names the target).</summary>
    System.Text.Json.Nodes.JsonNode? ParseResponse(string target, byte[]? response);
}
