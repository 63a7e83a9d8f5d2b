namespace Rush.Platform.Identity;

/// <summary>The customer (ticket buyer) account <c>./rush up</c> seeds so the README's booking examples run as written; it has no staff role.</summary>
public static class DemoUser
{
    /// <summary>Demo email.</summary>
    public const string Email = "demo@rush.local";

    /// <summary>Demo password (documented in the README; a deployment never runs the demo seed).</summary>
    public const string Password = "rush-demo-password";
}
