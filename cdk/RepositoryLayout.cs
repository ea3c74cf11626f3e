namespace Fulfilment.Cdk;

/// <summary>Finds the repository root (the folder with <c>Fulfilment.sln</c>) and the files the stack reads from it.</summary>
public sealed class RepositoryLayout
{
    /// <summary>Uses <paramref name="root"/> as the repository root.</summary>
    public RepositoryLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!File.Exists(Path.Combine(root, "Fulfilment.sln")))
        {
            throw new DirectoryNotFoundException($"'{root}' is not the Fulfilment repository root (no Fulfilment.sln there).");
        }

        Root = Path.GetFullPath(root);
    }

    /// <summary>The repository root: the Docker build context of every service image.</summary>
    public string Root { get; }

    /// <summary>The workflow definition, the single source of truth of the state machine.</summary>
    public string WorkflowDefinitionPath => Path.Combine(Root, "workflows", "order-fulfilment.asl.json");

    /// <summary>The one image recipe for every service (DESIGN section 5).</summary>
    public const string DockerfileName = "Dockerfile.base";

    /// <summary>Walks up from the current directory (cdk/ under <c>npx cdk</c>), then from the app's own folder.</summary>
    public static RepositoryLayout Discover()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
                {
                    return new RepositoryLayout(dir.FullName);
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find the Fulfilment repository root (a folder with Fulfilment.sln) above '{Environment.CurrentDirectory}'. Run the CDK app from inside the repository (cd cdk && npx cdk synth).");
    }
}
