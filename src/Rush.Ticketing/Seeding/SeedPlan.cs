using System.Globalization;

namespace Rush.Ticketing.Seeding;

/// <summary>What <c>Rush.Host seed</c> makes sure exists; every size is a minimum, so re-running never duplicates.</summary>
public sealed record SeedPlan
{
    /// <summary>Seeded users <c>user1@rush.local</c> .. <c>user{Users}@rush.local</c>.</summary>
    public int Users { get; init; } = 1_000_000;

    /// <summary>Events per calendar month in the current window (3 months back to <see cref="MonthsAhead"/> ahead).</summary>
    public int EventsPerMonth { get; init; } = 5_000;

    /// <summary>Whole months after the current one that get <see cref="EventsPerMonth"/> events.</summary>
    public int MonthsAhead { get; init; } = 12;

    /// <summary>Events spread over the archive months (older than the current window).</summary>
    public long ArchiveEvents { get; init; } = 2_000_000;

    /// <summary>How far back the archive reaches, in months before the current one (at least 4: the current window starts 3 months back).</summary>
    public int MonthsBack { get; init; } = 120;

    /// <summary>Whether event 1 (the stadium concert) and its 100,000 seats are seeded.</summary>
    public bool Stadium { get; init; } = true;

    /// <summary>Parallel COPY connections.</summary>
    public int Parallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Seed of the random generator: the same plan on the same day generates the same catalogue.</summary>
    public int RandomSeed { get; init; } = 2026;

    /// <summary>Command-line help for the <c>seed</c> verb.</summary>
    public const string Usage = """
        Usage: Rush.Host seed [options] [host settings, e.g. --ConnectionStrings:Postgres=...]

          --users <n>             seeded users user1..user<n>@rush.local (default 1000000)
          --events-per-month <n>  events per month in the current window (default 5000)
          --months-ahead <n>      months after this one in the current window (default 12)
          --archive-events <n>    events spread over the archive months (default 2000000)
          --months-back <n>       archive reaches this many months back, at least 4 (default 120)
          --skip-stadium          do not seed event 1 and its 100,000 seats
          --parallel <n>          parallel COPY connections (default max(2, cores))
          --random-seed <n>       generator seed (default 2026)

        Sizes are minimums: what already exists is counted and only the difference is written.
        """;

    /// <summary>
    /// Reads the seed options from <paramref name="args"/>; everything else is returned in <paramref name="rest"/>
    /// for the host's configuration. Returns null and an <paramref name="error"/> for a bad option.
    /// </summary>
    public static SeedPlan? Parse(IReadOnlyList<string> args, out List<string> rest, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        rest = [];
        error = null;
        var plan = new SeedPlan();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--skip-stadium")
            {
                plan = plan with { Stadium = false };
                continue;
            }

            var (name, inline) = Split(arg);
            if (!IsSeedOption(name))
            {
                rest.Add(arg);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > int.MaxValue && name != "archive-events")
            {
                error = $"--{name} needs a whole number, got '{value}'.";
                return null;
            }

            plan = name switch
            {
                "users" => plan with { Users = (int)n },
                "events-per-month" => plan with { EventsPerMonth = (int)n },
                "months-ahead" => plan with { MonthsAhead = (int)n },
                "archive-events" => plan with { ArchiveEvents = n },
                "months-back" => plan with { MonthsBack = (int)n },
                "parallel" => plan with { Parallelism = (int)n },
                _ => plan with { RandomSeed = (int)n },
            };
        }

        error = plan.Validate();
        return error is null ? plan : null;
    }

    /// <summary>Null when the plan is consistent, else what is wrong.</summary>
    public string? Validate() =>
        Parallelism is < 1 or > 64 ? "--parallel must be 1..64."
        : MonthsAhead > 24 ? "--months-ahead must be at most 24 (partitions exist 25 months ahead)."
        : ArchiveEvents > 0 && MonthsBack < 4 ? "--months-back must be at least 4 when archive events are asked for."
        : null;

    private static bool IsSeedOption(string? name) =>
        name is "users" or "events-per-month" or "months-ahead" or "archive-events" or "months-back" or "parallel" or "random-seed";

    private static (string? Name, string? Inline) Split(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (arg[2..], null) : (arg[2..eq], arg[(eq + 1)..]);
    }
}
