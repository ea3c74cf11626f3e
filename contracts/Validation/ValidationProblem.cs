namespace Fulfilment.Contracts.Validation;

/// <summary>One thing wrong with a request: where (a JSONPath such as <c>$.lines[2].quantity</c>) and what.</summary>
public sealed record ValidationProblem(string Path, string Message);
