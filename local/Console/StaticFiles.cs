using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.OpsConsole;

/// <summary>Serves the page's files from this assembly's embedded resources (<c>wwwroot/</c>), so the console works from any working directory.</summary>
internal sealed class StaticFiles
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
    };

    private readonly Assembly _assembly = typeof(StaticFiles).Assembly;
    private readonly HashSet<string> _names;

    public StaticFiles() => _names = new HashSet<string>(_assembly.GetManifestResourceNames(), StringComparer.Ordinal);

    public async Task ServeAsync(HttpContext ctx)
    {
        // Routing matches /console and /console/ alike; the page's relative links need the slash.
        if (!ctx.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(Convert.ToString(ctx.Request.RouteValues["path"], System.Globalization.CultureInfo.InvariantCulture)))
        {
            ctx.Response.Redirect("/console/");
            return;
        }

        var path = Convert.ToString(ctx.Request.RouteValues["path"], System.Globalization.CultureInfo.InvariantCulture);
        var name = "console/" + (string.IsNullOrEmpty(path) ? "index.html" : path);
        if (!_names.Contains(name) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await ctx.Response.WriteAsync("Not found. The console lives at /console/.", ctx.RequestAborted);
            return;
        }

        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        await using var stream = _assembly.GetManifestResourceStream(name)!;
        await stream.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }
}
