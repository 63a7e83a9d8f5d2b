namespace Rush.Platform.Identity;

/// <summary>Who a request is: the user's id, (lower-case) email and role (<see cref="RushRoles"/>).</summary>
public sealed record UserIdentity(long Id, string Email, string Role = RushRoles.Customer);
