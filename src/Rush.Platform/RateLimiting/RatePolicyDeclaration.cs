namespace Rush.Platform.RateLimiting;

/// <summary>
/// A policy as the module that owns it declares it: its name and its defaults, which configuration
/// (<c>RateLimiting:Policies:{name}:*</c>) then changes field by field.
/// </summary>
/// <param name="Name">Policy name, as routes name it in <c>.RequireRateLimiting(name)</c>.</param>
/// <param name="Defaults">Sets the defaults on a fresh <see cref="RatePolicyOptions"/>.</param>
public sealed record RatePolicyDeclaration(string Name, Action<RatePolicyOptions> Defaults);
