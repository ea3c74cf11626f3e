using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Amazon.SQS;
using Fulfilment.Local.Loopback;
using Fulfilment.Local.StepFunctions.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulfilment.Local.OpsConsole;

/// <summary>Maps the execution console (static page and <c>/console/api/...</c>) onto an endpoint route builder, e.g. the local edge.</summary>
public static class ConsoleEndpoints
{
    /// <summary>The header every state-changing call must carry: a page on another origin cannot send it without a CORS preflight, which the console never grants.</summary>
    public const string ActionHeader = "X-Fulfilment-Console";

    /// <summary>Maps <c>/console/</c> and its API.</summary>
    public static void MapExecutionConsole(this IEndpointRouteBuilder endpoints, IConsoleSources sources)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(sources);
        var executions = new ExecutionViews(sources);
        var orders = new OrderViews(sources);
        var stock = new StockViews(sources);
        var deadLetters = new DeadLetters(sources);
        var files = new StaticFiles();

        endpoints.MapGet("/console/api/executions", Guarded(async ctx =>
        {
            var query = ctx.Request.Query;
            var filter = new ExecutionFilter(Blank(query["status"]), Blank(query["error"]), Time(query["since"]), Time(query["until"]));
            await WriteAsync(ctx, await executions.ListAsync(filter, ctx.RequestAborted), ConsoleJsonContext.Default.ExecutionList);
        }));
        endpoints.MapGet("/console/api/executions/{name}", Guarded(async ctx =>
            await WriteAsync(ctx, await executions.DescribeAsync(Route(ctx, "name"), ctx.RequestAborted), ConsoleJsonContext.Default.ExecutionDetail)));
        endpoints.MapPost("/console/api/executions/{name}/redrive", Guarded(async ctx =>
        {
            var name = Route(ctx, "name");
            var at = await executions.RedriveAsync(name, ctx.RequestAborted);
            await WriteAsync(ctx, new ConsoleAction(name, "redrive", at), ConsoleJsonContext.Default.ConsoleAction);
        }));
        endpoints.MapPost("/console/api/executions/{name}/stop", Guarded(async ctx =>
        {
            var name = Route(ctx, "name");
            var at = await executions.StopAsync(name, ctx.RequestAborted);
            await WriteAsync(ctx, new ConsoleAction(name, "stop", at), ConsoleJsonContext.Default.ConsoleAction);
        }));
        endpoints.MapGet("/console/api/orders/{orderId}", Guarded(async ctx =>
        {
            var orderId = Route(ctx, "orderId");
            if (await orders.DescribeAsync(orderId, ctx.RequestAborted) is { } order)
            {
                await WriteAsync(ctx, order, ConsoleJsonContext.Default.OrderDetail);
            }
            else
            {
                await ErrorAsync(ctx, StatusCodes.Status404NotFound, "OrderNotFound", $"No table, ledger or event knows order '{orderId}'. Check the id in the executions list.");
            }
        }));
        endpoints.MapGet("/console/api/stock", Guarded(async ctx =>
            await WriteAsync(ctx, await stock.ReadAsync(ctx.RequestAborted), ConsoleJsonContext.Default.StockView)));
        endpoints.MapGet("/console/api/dlq", Guarded(async ctx =>
            await WriteAsync(ctx, await deadLetters.PeekAsync(ctx.RequestAborted), ConsoleJsonContext.Default.DeadLetterView)));
        endpoints.MapPost("/console/api/dlq/redrive", Guarded(async ctx =>
            await WriteAsync(ctx, await deadLetters.RedriveAsync(Blank(ctx.Request.Query["messageId"]), ctx.RequestAborted), ConsoleJsonContext.Default.DeadLetterRedrive)));
        endpoints.Map("/console/api/{**rest}", Guarded(ctx =>
            ErrorAsync(ctx, StatusCodes.Status404NotFound, "NotFound", "No such console API; see docs/console.md.")));
        endpoints.MapGet("/console/{**path}", Guarded(files.ServeAsync));
    }

    /// <summary>Refuses requests that are not addressed to loopback (DNS rebinding) and state changes without the console's header; maps engine and SQS errors.</summary>
    private static RequestDelegate Guarded(RequestDelegate inner) => async ctx =>
    {
        if (!LoopbackHost.IsLoopback(ctx.Request.Host))
        {
            await ErrorAsync(ctx, LoopbackHost.RefusedStatus, "MisdirectedRequest", LoopbackHost.RefusalMessage(ctx.Request.Host));
            return;
        }

        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) && ctx.Request.Headers[ActionHeader] != "1")
        {
            await ErrorAsync(ctx, StatusCodes.Status403Forbidden, "Forbidden", $"Console actions need the header {ActionHeader}: 1 (the console page sends it).");
            return;
        }

        try
        {
            await inner(ctx);
        }
        catch (StepFunctionsException e) when (!ctx.Response.HasStarted)
        {
            var status = e.ErrorCode is StepFunctionsErrorCodes.ExecutionDoesNotExist or StepFunctionsErrorCodes.StateMachineDoesNotExist
                ? StatusCodes.Status404NotFound
                : e.ErrorCode is StepFunctionsErrorCodes.ExecutionNotRedrivable ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await ErrorAsync(ctx, status, e.ErrorCode, e.Message);
        }
        catch (AmazonSQSException e) when (!ctx.Response.HasStarted)
        {
            await ErrorAsync(ctx, StatusCodes.Status502BadGateway, e.ErrorCode ?? "SqsError", $"The SQS emulator answered: {e.Message}");
        }
        catch (Amazon.DynamoDBv2.AmazonDynamoDBException e) when (!ctx.Response.HasStarted)
        {
            await ErrorAsync(ctx, StatusCodes.Status502BadGateway, e.ErrorCode ?? "DynamoDbError", $"DynamoDB Local answered: {e.Message}");
        }
        catch (FormatException e) when (!ctx.Response.HasStarted)
        {
            await ErrorAsync(ctx, StatusCodes.Status400BadRequest, "ValidationException", e.Message);
        }
    };

    private static string Route(HttpContext ctx, string name) => Convert.ToString(ctx.Request.RouteValues[name], CultureInfo.InvariantCulture) ?? string.Empty;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Time(string? value) =>
        Blank(value) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new FormatException($"'{text}' is not a date and time; use ISO 8601, e.g. 2026-11-24T05:00:00Z.")
            : null;

    private static async Task WriteAsync<T>(HttpContext ctx, T value, JsonTypeInfo<T> type)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.Response.WriteAsJsonAsync(value, type, cancellationToken: ctx.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string error, string message)
    {
        ctx.Response.StatusCode = status;
        await WriteAsync(ctx, new ConsoleError(error, message), ConsoleJsonContext.Default.ConsoleError);
    }
}
