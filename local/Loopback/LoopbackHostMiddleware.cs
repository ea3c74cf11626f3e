using System.Text.Json;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Loopback;

/// <summary>Refuses, before any endpoint runs, every request whose <c>Host</c> is not a loopback name or address.</summary>
public static class LoopbackHostMiddleware
{
    /// <summary>
    /// Adds the check; <paramref name="refuse"/> writes the refusal in the surface's protocol (default: an
    /// <c>application/problem+json</c> document, status <see cref="LoopbackHost.RefusedStatus"/>).
    /// </summary>
    public static IApplicationBuilder UseLoopbackHostsOnly(this IApplicationBuilder app, Func<HttpContext, string, Task>? refuse = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var write = refuse ?? WriteProblemAsync;
        return app.Use(async (context, next) =>
        {
            if (LoopbackHost.IsLoopback(context.Request.Host))
            {
                await next(context);
                return;
            }

            await write(context, LoopbackHost.RefusalMessage(context.Request.Host));
        });
    }

    /// <summary>Writes the refusal as an RFC 9457 problem document.</summary>
    public static async Task WriteProblemAsync(HttpContext context, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = Problem.Of(LoopbackHost.RefusedStatus, "misdirected-request", "Not a loopback host.", message, context.Request.Path.Value);
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = Problem.MediaType;
        await context.Response.WriteAsync(JsonSerializer.Serialize(problem, ContractsJsonContext.Default.Problem), context.RequestAborted);
    }
}
