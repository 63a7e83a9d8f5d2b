using Microsoft.Extensions.Options;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen;

/// <summary>Stops the host at start-up when a kitchen setting is wrong, naming every bad key.</summary>
public sealed class KitchenOptionsValidator : IValidateOptions<KitchenOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KitchenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KitchenCalendar.Create(options, out var errors);
        if (options.OrderAccessSecret.Length is > 0 and < 32)
        {
            errors.Add("Kitchen:OrderAccessSecret must have at least 32 characters (or be unset in development).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
