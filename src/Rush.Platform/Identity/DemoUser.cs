namespace Rush.Platform.Identity;

/// <summary>The operator account <c>./rush up</c> seeds so the README's examples run as written (not for production).</summary>
public static class DemoUser
{
    /// <summary>Demo email.</summary>
    public const string Email = "demo@rush.local";

    /// <summary>Demo password (documented in the README; a deployment never runs the demo seed).</summary>
    public const string Password = "rush-demo-password";
}
