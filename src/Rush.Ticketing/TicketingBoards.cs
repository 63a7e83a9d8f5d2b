using Microsoft.Extensions.DependencyInjection;
using Rush.Platform.Leaderboards;

namespace Rush.Ticketing;

/// <summary>The leaderboards ticketing feeds: clients read them, only ticketing writes them.</summary>
public static class TicketingBoards
{
    /// <summary>Events by tickets sold, fed once per booking when it is paid.</summary>
    public const string Events = "events";

    /// <summary>Declares <see cref="Events"/> as fed by ticketing.</summary>
    public static IServiceCollection AddTicketingBoards(this IServiceCollection services) => services.AddFedBoard(Events);
}
