using Rush.Bench.Load;
using Rush.Bench.Screens;

namespace Rush.Bench.Reporting;

/// <summary>The human-readable report for stdout.</summary>
internal static class TextReport
{
    /// <summary>Writes <paramref name="report"/>.</summary>
    public static void Write(BenchReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine();
        writer.WriteLine($"Rush.Bench — {report.Scenario}: {report.Description}");
        writer.WriteLine($"Date:     {report.Date:yyyy-MM-dd HH:mm:ss} UTC");
        writer.WriteLine($"Machine:  {report.Machine}");
        writer.WriteLine($"Command:  {report.CommandLine}");
        writer.WriteLine($"Process:  {report.Process}");
        writer.WriteLine($"Settings: {string.Join(", ", report.Settings.Select(kv => $"{kv.Key}={kv.Value}"))}");

        var result = report.Result;
        var closed = new List<LoadResult>();
        var open = new List<LoadResult>();
        foreach (var run in result.Baselines.Concat(result.Results))
        {
            (run.Mode == "open" ? open : closed).Add(run);
        }

        if (closed.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Closed loop (workers send back to back; latency from the actual send; errors = other answers + transport errors + timeouts)");
            var table = new TextTable("run", "conns", "orders/s", "answers/s", "ok", "429/RE", "errors", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
            foreach (var r in closed)
            {
                table.Add(r.Name, Format.Count(r.Connections ?? 0), Format.Count(r.OkPerSecond), Format.Count(r.ResponsesPerSecond),
                    Format.Count(r.Counts.Ok), Format.Count(r.Counts.Rejected), Format.Count(r.Counts.OtherErrors),
                    Format.Ms(r.Latency.P50Ms), Format.Ms(r.Latency.P99Ms), Format.Ms(r.Latency.P999Ms), Format.Ms(r.Latency.MaxMs));
            }

            table.WriteTo(writer);
        }

        if (open.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Open loop (fixed arrival rate; latency from the intended send time; dropped = not sent, in-flight limit reached)");
            var table = new TextTable("run", "rate/s", "sent/s", "orders/s", "ok", "429/RE", "errors", "dropped", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
            foreach (var r in open)
            {
                table.Add(r.Name, Format.Count(r.TargetRate ?? 0), Format.Count(r.SentPerSecond ?? 0), Format.Count(r.OkPerSecond),
                    Format.Count(r.Counts.Ok), Format.Count(r.Counts.Rejected), Format.Count(r.Counts.OtherErrors), Format.Count(r.Counts.Dropped),
                    Format.Ms(r.Latency.P50Ms), Format.Ms(r.Latency.P99Ms), Format.Ms(r.Latency.P999Ms), Format.Ms(r.Latency.MaxMs));
            }

            table.WriteTo(writer);
        }

        CpuReport.Write(closed.Concat(open).ToList(), writer);

        if (result.Screens is { Count: > 0 } screens)
        {
            WriteScreens(screens, writer);
        }

        var failing = closed.Concat(open).Where(r => r.Errors.Count > 0).ToList();
        if (failing.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Errors");
            foreach (var r in failing)
            {
                var label = r.Mode == "open" ? $"{r.Name} open {Format.Count(r.TargetRate ?? 0)}/s" : $"{r.Name} closed";
                foreach (var (description, count) in r.Errors.Take(5))
                {
                    writer.WriteLine($"  {label}: {Format.Count(count)} × {description}");
                }
            }
        }

        if (result.Targets is { Count: > 0 } targets)
        {
            writer.WriteLine();
            writer.WriteLine("Targets");
            foreach (var t in targets)
            {
                var verdict = t.Met switch
                {
                    true => "MET",
                    false => "NOT MET",
                    null => "not measured",
                };
                writer.WriteLine($"  {t.Target}: {verdict} — {t.Detail}");
            }
        }

        if (result.Summary.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Summary");
            foreach (var line in result.Summary)
            {
                writer.WriteLine($"  {line}");
            }
        }

        if (result.Notes.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Notes");
            foreach (var line in result.Notes)
            {
                writer.WriteLine($"  - {line}");
            }
        }

        writer.WriteLine();
    }

    private static void WriteScreens(IReadOnlyList<ScreenRunResult> runs, TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine("Order to screen (request's intended send time -> order's first message on a screen; missing = order×screen pairs never seen; "
            + "dup = repeated \"placed\"; reconn = screen reconnects; http p99 = the same requests' 201 answers)");
        var table = new TextTable("run", "rate/s", "orders", "arrivals", "missing", "dup", "reconn", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "http p99 ms");
        foreach (var r in runs)
        {
            table.Add($"{r.Hub}, {r.Screens} screens", Format.Count(r.TargetRate), Format.Count(r.Orders), Format.Count(r.Arrivals),
                Format.Count(r.Missing), Format.Count(r.Duplicates), Format.Count(r.Reconnects),
                Format.Ms(r.Latency.P50Ms), Format.Ms(r.Latency.P99Ms), Format.Ms(r.Latency.P999Ms), Format.Ms(r.Latency.MaxMs), Format.Ms(r.HttpLatency.P99Ms));
            if (r.Clients.Count > 1)
            {
                foreach (var c in r.Clients)
                {
                    table.Add($"  screen {c.Screen}", "", "", Format.Count(c.Seen), Format.Count(c.Missing), Format.Count(c.Duplicates), Format.Count(c.Reconnects),
                        Format.Ms(c.Latency.P50Ms), Format.Ms(c.Latency.P99Ms), Format.Ms(c.Latency.P999Ms), Format.Ms(c.Latency.MaxMs), "");
                }
            }
        }

        table.WriteTo(writer);
    }
}
