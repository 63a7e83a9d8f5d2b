using System.ComponentModel.DataAnnotations;

namespace Rush.Ticketing.Gateway;

/// <summary>How Rush reaches the payment gateway as a merchant (section <c>Ticketing:Gateway</c>).</summary>
public sealed class PaymentGatewayOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Ticketing:Gateway";

    /// <summary>The gateway's API base, ending in <c>/api/v1</c> (e.g. <c>http://127.0.0.1:8090/api/v1</c>).</summary>
    [Required(ErrorMessage = "Ticketing:Gateway:BaseUrl is required (e.g. http://127.0.0.1:8090/api/v1).")]
    [Url(ErrorMessage = "Ticketing:Gateway:BaseUrl must be an absolute http(s) URL.")]
    public string BaseUrl { get; set; } = "";

    /// <summary>Rush's team slug at the gateway.</summary>
    [Required(ErrorMessage = "Ticketing:Gateway:TeamSlug is required.")]
    public string TeamSlug { get; set; } = "";

    /// <summary>Rush's merchant password (part of every token): from the environment or a secret store, never committed.</summary>
    [Required(ErrorMessage = "Ticketing:Gateway:Password is required (set Ticketing__Gateway__Password in the environment).")]
    public string Password { get; set; } = "";

    /// <summary>Key of the gateway's webhook signatures (HMAC-SHA256): a secret like the password.</summary>
    [Required(ErrorMessage = "Ticketing:Gateway:WebhookSecret is required (set Ticketing__Gateway__WebhookSecret in the environment).")]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Longest wait for one gateway call, connection included; past it the call fails as a timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:02:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
