using Fulfilment.Contracts.Validation;

namespace Fulfilment.Contracts.Http;

/// <summary>
/// An RFC 9457 problem document (<c>application/problem+json</c>): every HTTP error of the API and of the
/// status Lambda uses it, so clients parse one shape. <see cref="Errors"/> lists every validation problem at once.
/// </summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string? Detail = null,
    string? Instance = null,
    IReadOnlyList<ValidationProblem>? Errors = null)
{
    /// <summary>The media type of a problem document.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>Builds a problem whose type URI names it under the project's problem namespace.</summary>
    public static Problem Of(int status, string slug, string title, string? detail = null, string? instance = null, IReadOnlyList<ValidationProblem>? errors = null) =>
        new($"https://fulfilment.dev/problems/{slug}", title, status, detail, instance, errors);
}
