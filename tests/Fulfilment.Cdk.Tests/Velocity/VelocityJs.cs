namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>velocityjs (JavaScript) from the npm folder <c>cdk/</c>, through <c>render-template.cjs</c>.</summary>
public sealed class VelocityJs : ITemplateEngine
{
    public string Name => "velocityjs";

    public async Task<IReadOnlyList<TemplateResult>> RenderAsync(IReadOnlyList<TemplateJob> jobs, CancellationToken cancellationToken)
    {
        await CdkTools.EnsureInstalledAsync(cancellationToken);
        var script = Path.Combine(AppContext.BaseDirectory, "Velocity", "render-template.cjs");
        return await TemplateEngineProcess.RunAsync(Name, "node", [script, CdkTools.VelocityJs], jobs, "Install Node.js 20+ (node on PATH).", cancellationToken);
    }
}
