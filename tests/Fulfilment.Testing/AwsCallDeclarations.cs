using System.Text.Json;
using Fulfilment.Emulators;

namespace Fulfilment.Testing;

/// <summary>
/// One AWS permission a handler's code needs: the IAM action, the resource ARN (with <c>${Region}</c> and
/// <c>${Account}</c> left open), why it is needed, and (<see cref="Unrecorded"/>) why the recording of what the handler
/// sends cannot see it, when it cannot (a path the scenarios cannot stage, a call the Lambda service makes with the role).
/// </summary>
public sealed record AwsCall(string Action, string Resource, string Why, string? Unrecorded = null)
{
    public const string RegionPlaceholder = "${Region}";
    public const string AccountPlaceholder = "${Account}";

    /// <summary>The ARN for a concrete region and account.</summary>
    public string ResourceIn(string region, string account) =>
        Resource.Replace(RegionPlaceholder, region, StringComparison.Ordinal).Replace(AccountPlaceholder, account, StringComparison.Ordinal);

    public override string ToString() => $"{Action} on {Resource}";
}

/// <summary>
/// The AWS calls each handler makes, declared next to its service in <c>services/&lt;service&gt;/aws-calls.json</c>:
/// the recording test checks them against what the handlers send, and the IAM test simulates them against the roles.
/// </summary>
public static class AwsCallDeclarations
{
    public const string FileName = "aws-calls.json";

    public static IReadOnlyList<string> Services { get; } = ["order", "inventory", "payment", "notification"];

    public static string PathOf(string service) => Path.Combine(RepositoryPaths.FindRoot(), "services", service, FileName);

    /// <summary>Handler → its calls, for one service; a file that is missing or malformed fails with its path.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AwsCall>> Load(string service)
    {
        var path = PathOf(service);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("handlers").EnumerateObject().ToDictionary(
                h => h.Name,
                h => (IReadOnlyList<AwsCall>)[.. h.Value.EnumerateArray().Select(c => new AwsCall(
                    c.GetProperty("action").GetString()!, c.GetProperty("resource").GetString()!, c.GetProperty("why").GetString()!,
                    c.TryGetProperty("unrecorded", out var unrecorded) ? unrecorded.GetString() : null))],
                StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{path}: {ex.Message} (expected {{\"handlers\": {{\"<handler>\": [{{\"action\", \"resource\", \"why\"}}]}}}})", ex);
        }
    }
}
