namespace Rush.Platform.Identity;

/// <summary>
/// The demo kitchen and operator accounts (section <c>Demo</c>) that <c>./rush up</c> creates for a
/// developer: it generates their passwords once into the git-ignored <c>.rush/demo-staff.env</c> and
/// passes them in; an account whose password is not configured is not created, so a deployment (which
/// never sets these) gets no staff account with a known password.
/// </summary>
public sealed class DemoStaff
{
    /// <summary>The demo kitchen user's email.</summary>
    public const string KitchenEmail = "kitchen@rush.local";

    /// <summary>The demo operator's email.</summary>
    public const string OperatorEmail = "operator@rush.local";

    /// <summary>Password of <see cref="KitchenEmail"/>; empty: not created.</summary>
    public string KitchenPassword { get; set; } = "";

    /// <summary>Password of <see cref="OperatorEmail"/>; empty: not created.</summary>
    public string OperatorPassword { get; set; } = "";

    /// <summary>Creates (or resets to the configured password) the accounts whose password is set.</summary>
    public async Task SeedAsync(UserDirectory users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (KitchenPassword.Length > 0)
        {
            await users.SetAsync(KitchenEmail, KitchenPassword, RushRoles.Kitchen, ct);
        }

        if (OperatorPassword.Length > 0)
        {
            await users.SetAsync(OperatorEmail, OperatorPassword, RushRoles.Operator, ct);
        }
    }
}
