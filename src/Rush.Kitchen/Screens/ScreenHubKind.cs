namespace Rush.Kitchen.Screens;

/// <summary>The two screen hubs of seed 001: cooks' tablets (KDS) and the ERP dashboard.</summary>
public enum ScreenHubKind
{
    /// <summary><c>/ws/kds</c>: visible orders not completed or cancelled.</summary>
    Kds,

    /// <summary><c>/ws/erp</c>: every order change, visible or not.</summary>
    Erp,
}

/// <summary>Names of the hubs as they appear in routes, Redis keys and channels.</summary>
public static class ScreenHubKindNames
{
    /// <summary>"kds" or "erp".</summary>
    public static string Name(this ScreenHubKind kind) => kind == ScreenHubKind.Kds ? "kds" : "erp";
}
