namespace Rush.Ticketing.Seeding;

/// <summary>What one seed run wrote (zero everywhere when everything was already there).</summary>
public sealed record SeedReport(long Users, long CurrentEvents, long ArchiveEvents, int Seats, TimeSpan Elapsed)
{
    /// <summary>True when the run wrote nothing.</summary>
    public bool NothingWritten => Users == 0 && CurrentEvents == 0 && ArchiveEvents == 0 && Seats == 0;
}
