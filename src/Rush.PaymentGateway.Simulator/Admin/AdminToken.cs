using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rush.PaymentGateway.Simulator.Admin;

/// <summary>
/// Guards <c>/admin</c>: switching faults or paying a payment without a card is a test control, so it needs
/// <c>Authorization: Bearer {Gateway:AdminToken}</c>. Refusals are problem details (this is our API, not the gateway's).
/// </summary>
public sealed class AdminToken(IOptions<GatewayOptions> options) : IEndpointFilter
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminToken));

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context.HttpContext, "admin_token_missing", "Send the admin token as 'Authorization: Bearer ...'.");
        }

        // Hashes of equal length compared in constant time: the token's length leaks nothing either.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _expected)
            ? await next(context)
            : Refuse(context.HttpContext, "admin_token_invalid", "The admin token is wrong.");
    }

    private static IResult Refuse(HttpContext context, string code, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            detail: detail,
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            type: $"https://rush.dev/problems/{code}",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });
    }
}
