using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Rush.PaymentGateway.Simulator.Faults;

/// <summary>
/// The fault probabilities in force. Starts from configuration; tests swap the whole set at run time
/// (healthy ↔ failing) without restarting the process, which is what a circuit-breaker test needs.
/// </summary>
public sealed class FaultSwitch(IOptions<FaultOptions> configured)
{
    // One immutable snapshot swapped atomically: a request sees either the old set or the new one, never a mix.
    private volatile FaultOptions _current = configured.Value.Clone();

    /// <summary>The set in force (a copy the caller may keep).</summary>
    public FaultOptions Current => _current.Clone();

    /// <summary>Replaces the set; returns the validation errors instead when it is invalid.</summary>
    public IReadOnlyList<string> TryReplace(FaultOptions next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var results = new List<ValidationResult>();
        var context = new ValidationContext(next);
        if (!Validator.TryValidateObject(next, context, results, validateAllProperties: true))
        {
            // The validator skips the cross-field rules once a range failed; report them too, so one answer lists every mistake.
            results.AddRange(next.Validate(context));
            return [.. results.Select(r => r.ErrorMessage ?? "invalid value")];
        }

        _current = next.Clone();
        return [];
    }

    /// <summary>True with the probability chosen by <paramref name="probability"/> from the set in force.</summary>
    public bool Roll(Func<FaultOptions, double> probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        var p = probability(_current);

        // Exact 0 and 1 never depend on chance, so tests that switch a fault fully on or off are deterministic.
        return p >= 1.0 || (p > 0.0 && Random.Shared.NextDouble() < p);
    }

    /// <summary>A value read from the set in force.</summary>
    public T Read<T>(Func<FaultOptions, T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value(_current);
    }
}
