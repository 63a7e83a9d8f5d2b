namespace Rush.Ticketing.Tests.Support;

/// <summary>Finds seats that more than one booking believes it holds.</summary>
internal static class HoldChecker
{
    public static IReadOnlyList<long> DoubleHolds(IEnumerable<(long Seat, long Booking)> winners) =>
        winners.GroupBy(w => w.Seat).Where(g => g.Select(w => w.Booking).Distinct().Count() > 1).Select(g => g.Key).ToList();
}
