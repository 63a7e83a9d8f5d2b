using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Reads request bodies and writes answers in the gateway's format (never problem details: this is someone else's API).</summary>
public static class GatewayResults
{
    /// <summary>The error answer.</summary>
    public static IResult Error(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Results.Json(new ErrorBody(false, error.Code, error.Message), GatewayJson.Api.ErrorBody, statusCode: error.Status);
    }

    /// <summary>A 200 answer.</summary>
    public static IResult Ok<T>(T body, JsonTypeInfo<T> type) => Results.Json(body, type);

    /// <summary>The JSON body, or 1000 when it is missing or malformed.</summary>
    public static async Task<(T? Body, GatewayError? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
        {
            return (null, GatewayError.BadBody("Send the body as application/json."));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            return body is null ? (null, GatewayError.BadBody("The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, GatewayError.BadBody($"The body is not valid JSON for this call: {e.Message}"));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's body size limit, or a client that stopped sending mid-body.
            return (null, GatewayError.BadBody(e.Message));
        }
    }
}
