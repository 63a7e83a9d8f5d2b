using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>All payments, in memory (the simulator stands in for an external system; a restart forgets them).</summary>
public sealed class PaymentStore
{
    private readonly ConcurrentDictionary<string, Payment> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Payment> _byOrder = new(StringComparer.Ordinal);

    /// <summary>Number of payments registered.</summary>
    public int Count => _byId.Count;

    /// <summary>
    /// Registers <paramref name="candidate"/> unless its order id is known; returns the payment that holds the
    /// order id and whether it is the candidate. Two concurrent inits of one order get the same payment.
    /// </summary>
    public (Payment Payment, bool Created) Register(Payment candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);

        // The order index decides the race; the id index is filled before the caller can hand the id out.
        var winner = _byOrder.GetOrAdd(candidate.OrderId, candidate);
        if (!ReferenceEquals(winner, candidate))
        {
            return (winner, false);
        }

        _byId[candidate.PaymentId] = candidate;
        return (candidate, true);
    }

    /// <summary>The payment with this id, if any.</summary>
    public Payment? Find(string paymentId) => _byId.TryGetValue(paymentId, out var payment) ? payment : null;

    /// <summary>The payment registered for this order id, if any.</summary>
    public Payment? FindByOrder(string orderId) =>
        _byOrder.TryGetValue(orderId, out var payment) && _byId.ContainsKey(payment.PaymentId) ? payment : null;

    /// <summary>Every payment (safe while others register; may or may not include those registered meanwhile).</summary>
    /// <remarks>Enumerates the dictionary without locks: <c>Values</c> would take every lock and copy all payments, each second (expiry sweep).</remarks>
    public IEnumerable<Payment> All() => _byId.Select(p => p.Value);

    /// <summary>A new payment id: <c>pay_</c> and 20 random hex digits.</summary>
    public static string NewPaymentId() => "pay_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
