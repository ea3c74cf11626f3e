using System.Text;

namespace Fulfilment.Local.Host;

/// <summary>The one banner a newcomer reads: where everything is and a request to copy.</summary>
internal static class Banner
{
    public static string Render(LocalStack stack)
    {
        var api = stack.ApiUrl.ToString().TrimEnd('/');
        var key = stack.Options.ApiKey;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Fulfilment is running locally.");
        text.AppendLine();
        text.AppendLine($"  HTTP API      {api}   (OpenAPI: {api}/openapi.json, health: {api}/health)");
        text.AppendLine($"  API key       {key}   (header x-api-key; set FULFILMENT_API_KEY to change it)");
        text.AppendLine($"  AWS edge      {stack.EdgeUrl.ToString().TrimEnd('/')}   (export AWS_ENDPOINT_URL={stack.EdgeUrl.ToString().TrimEnd('/')} for any AWS SDK or CLI)");
        text.AppendLine($"  Console       {stack.ConsoleUrl}   (executions, orders, stock, dead letters)");
        text.AppendLine($"  Data          {stack.DataDirectory ?? "in memory (nothing is kept)"}");
        text.AppendLine($"  Events        {stack.EventsFile}");
        text.AppendLine();
        text.AppendLine("Post an order:");
        text.AppendLine();
        text.AppendLine($"  curl -s -X POST {api}/orders \\");
        text.AppendLine($"    -H 'x-api-key: {key}' -H 'Content-Type: application/json' -H \"Idempotency-Key: $(uuidgen || date +%s%N)\" \\");
        text.AppendLine("    -d '{\"customerId\":\"cust-1\",\"lines\":[{\"sku\":\"SKU-RED-MUG\",\"quantity\":1,\"unitPriceMinor\":1250}],\"currency\":\"EUR\",\"paymentToken\":\"tok_ok\"}'");
        text.AppendLine();
        text.AppendLine($"Then: curl -s -H 'x-api-key: {key}' {api}/orders/<orderId>   ·   Ctrl+C stops everything.");
        return text.ToString();
    }
}
