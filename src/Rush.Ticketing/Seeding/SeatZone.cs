namespace Rush.Ticketing.Seeding;

/// <summary>A priced zone of a venue laid out as <paramref name="Rows"/> rows of <paramref name="SeatsPerRow"/> numbered seats.</summary>
public sealed record SeatZone(string Name, int Rows, int SeatsPerRow, decimal Price)
{
    /// <summary>Seats in the zone.</summary>
    public int Seats => Rows * SeatsPerRow;
}
