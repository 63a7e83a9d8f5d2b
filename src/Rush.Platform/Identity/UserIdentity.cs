namespace Rush.Platform.Identity;

/// <summary>Who a request is: the user's id and (lower-case) email.</summary>
public sealed record UserIdentity(long Id, string Email);
