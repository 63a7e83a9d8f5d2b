using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rush.Platform.Identity;

/// <summary>Source-generated JSON for the sessions API (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(CurrentUser))]
[JsonSerializable(typeof(NewApiClientRequest))]
[JsonSerializable(typeof(NewApiClient))]
[JsonSerializable(typeof(List<ApiClient>))]
public sealed partial class IdentityJson : JsonSerializerContext;
