namespace Fulfilment.Emulators;

/// <summary>Finds folders of the Fulfilment repository (e.g. <c>tools/dynamodb-local</c>) from a running test, benchmark or tool.</summary>
public static class RepositoryPaths
{
    /// <summary>
    /// The repository root: the nearest folder above <paramref name="startDirectory"/> (default: the app's base
    /// directory, then the current directory) that holds <c>Fulfilment.sln</c>.
    /// </summary>
    public static string FindRoot(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new EmulatorUnavailableException(
            "Could not find the Fulfilment repository root (a folder with Fulfilment.sln) above " +
            $"'{startDirectory ?? AppContext.BaseDirectory}'. Run from inside the repository or pass the tools directory explicitly.");
    }

    /// <summary>The folder with the committed package.json/package-lock.json of DynamoDB Local.</summary>
    public static string DynamoDbLocalTools(string? startDirectory = null) =>
        Path.Combine(FindRoot(startDirectory), "tools", "dynamodb-local");
}
