using System.Globalization;
using System.Text;

namespace Fulfilment.Bench.Suites.Orders;

/// <summary>Tiny SVG charts drawn from the measured data (no plotting package is served here).</summary>
internal static class SvgPlot
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Left = 60;
    private const int Bottom = 50;
    private const int Top = 40;
    private const int Right = 20;

    /// <summary>A histogram of latencies (ms) with p50/p99 marked.</summary>
    public static string Histogram(string title, IReadOnlyList<double> sortedMs, double p50, double p99, int bins = 40)
    {
        var max = sortedMs.Count == 0 ? 1 : sortedMs[^1];
        var counts = new int[bins];
        foreach (var v in sortedMs)
        {
            counts[Math.Min(bins - 1, (int)(v / max * bins))]++;
        }

        var peak = Math.Max(1, counts.Max());
        var svg = Begin(title, "POST → Completed latency (ms)", "orders");
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        for (var i = 0; i < bins; i++)
        {
            var h = counts[i] * plotH / (double)peak;
            svg.Append(F($"<rect x='{Left + i * plotW / (double)bins:F1}' y='{Height - Bottom - h:F1}' width='{plotW / (double)bins - 1:F1}' height='{h:F1}' fill='#4a78b5'/>"));
        }

        foreach (var (label, value, colour) in new[] { ("p50", p50, "#2a9d3a"), ("p99", p99, "#c0392b") })
        {
            var x = Left + value / max * plotW;
            svg.Append(F($"<line x1='{x:F1}' y1='{Top}' x2='{x:F1}' y2='{Height - Bottom}' stroke='{colour}' stroke-dasharray='4 3'/>"));
            svg.Append(F($"<text x='{x + 3:F1}' y='{Top + 12}' font-size='11' fill='{colour}'>{label} {value:F0} ms</text>"));
        }

        Axis(svg, max, peak);
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Throughput (orders/s) against concurrency, one point per measured level.</summary>
    public static string Line(string title, IReadOnlyList<(int Concurrency, double OrdersPerSecond)> points)
    {
        var svg = Begin(title, "concurrent clients", "orders/s");
        var maxX = points.Max(p => p.Concurrency);
        var maxY = Math.Max(1, points.Max(p => p.OrdersPerSecond)) * 1.15;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        string Pt((int C, double R) p) => F($"{Left + p.C / (double)maxX * plotW:F1},{Height - Bottom - p.R / maxY * plotH:F1}");
        svg.Append($"<polyline fill='none' stroke='#4a78b5' stroke-width='2' points='{string.Join(' ', points.Select(Pt))}'/>");
        foreach (var p in points)
        {
            var xy = Pt(p).Split(',');
            svg.Append(F($"<circle cx='{xy[0]}' cy='{xy[1]}' r='4' fill='#4a78b5'/><text x='{xy[0]}' y='{double.Parse(xy[1], CultureInfo.InvariantCulture) - 8:F1}' font-size='11' text-anchor='middle'>{p.OrdersPerSecond:F1} @ {p.Concurrency}</text>"));
        }

        Axis(svg, maxX, maxY);
        return svg.Append("</svg>\n").ToString();
    }

    private static StringBuilder Begin(string title, string xLabel, string yLabel) =>
        new StringBuilder()
            .Append(F($"<svg xmlns='http://www.w3.org/2000/svg' width='{Width}' height='{Height}' viewBox='0 0 {Width} {Height}' font-family='sans-serif'>"))
            .Append(F($"<rect width='{Width}' height='{Height}' fill='white'/>"))
            .Append(F($"<text x='{Width / 2}' y='22' font-size='14' text-anchor='middle'>{Escape(title)}</text>"))
            .Append(F($"<text x='{Width / 2}' y='{Height - 10}' font-size='12' text-anchor='middle'>{Escape(xLabel)}</text>"))
            .Append(F($"<text x='15' y='{Height / 2}' font-size='12' text-anchor='middle' transform='rotate(-90 15 {Height / 2})'>{Escape(yLabel)}</text>"));

    private static void Axis(StringBuilder svg, double maxX, double maxY)
    {
        svg.Append(F($"<line x1='{Left}' y1='{Height - Bottom}' x2='{Width - Right}' y2='{Height - Bottom}' stroke='black'/>"));
        svg.Append(F($"<line x1='{Left}' y1='{Top}' x2='{Left}' y2='{Height - Bottom}' stroke='black'/>"));
        for (var i = 0; i <= 4; i++)
        {
            var x = Left + i * (Width - Left - Right) / 4.0;
            var y = Height - Bottom - i * (Height - Top - Bottom) / 4.0;
            svg.Append(F($"<text x='{x:F1}' y='{Height - Bottom + 15}' font-size='10' text-anchor='middle'>{maxX * i / 4:0.#}</text>"));
            svg.Append(F($"<text x='{Left - 5}' y='{y + 3:F1}' font-size='10' text-anchor='end'>{maxY * i / 4:0.#}</text>"));
        }
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
