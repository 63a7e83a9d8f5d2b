using Microsoft.Extensions.Options;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen;

/// <summary>Stops the host at start-up when a kitchen setting is wrong, naming every bad key.</summary>
public sealed class KitchenOptionsValidator : IValidateOptions<KitchenOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KitchenOptions options)
    {
        KitchenCalendar.Create(options, out var errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
