using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>
/// Puts <see cref="RedisBreaker"/> in front of every asynchronous command of a StackExchange.Redis
/// interface (<see cref="IDatabase"/>, and the batches and transactions made from it).
/// </summary>
/// <remarks>
/// Why a proxy: Rush's modules use <see cref="IDatabase"/> directly (a few hundred call sites across
/// three modules), and the breaker has to see all of them to judge Redis. A <see cref="DispatchProxy"/>
/// implements the whole interface once, so no module changes and no new command escapes the breaker.
/// Methods returning <see cref="Task"/> or <see cref="Task{T}"/> go through the breaker; synchronous
/// members (properties, <c>CreateBatch</c>, the blocking command variants Rush does not use) and
/// <c>IAsyncEnumerable</c> scans pass through. The per-call cost is one cached delegate lookup and one
/// reflection invoke, small next to a network round trip.
/// </remarks>
public static class GuardedRedis
{
    /// <summary>Wraps <paramref name="inner"/> so its asynchronous commands go through <paramref name="breaker"/>.</summary>
    public static TInterface Wrap<TInterface>(TInterface inner, RedisBreaker breaker)
        where TInterface : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(breaker);
        var proxy = DispatchProxy.Create<TInterface, GuardedRedisProxy<TInterface>>();
        ((GuardedRedisProxy<TInterface>)(object)proxy).Attach(inner, breaker);
        return proxy;
    }
}

/// <summary>The proxy behind <see cref="GuardedRedis.Wrap{TInterface}"/>; one cached dispatcher per interface method.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a type from it at run time: it must not be sealed.
internal class GuardedRedisProxy<TInterface> : DispatchProxy
#pragma warning restore CA1852
    where TInterface : class
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GuardedRedisProxy<TInterface>, MethodInfo, object?[]?, object?>> Calls = new();

    private TInterface _inner = null!;
    private RedisBreaker _breaker = null!;

    internal void Attach(TInterface inner, RedisBreaker breaker)
    {
        _inner = inner;
        _breaker = breaker;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Calls.GetOrAdd(targetMethod, Classify)(this, targetMethod, args);
    }

    private object? Direct(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static Func<GuardedRedisProxy<TInterface>, MethodInfo, object?[]?, object?> Classify(MethodInfo method)
    {
        var returns = method.ReturnType;
        if (returns == typeof(Task))
        {
            return static (self, m, a) => self._breaker.ExecuteAsync((self, m, a), static s => (Task)s.self.Direct(s.m, s.a)!);
        }

        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = typeof(GuardedRedisProxy<TInterface>).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returns.GetGenericArguments()[0])
                .CreateDelegate<Func<GuardedRedisProxy<TInterface>, MethodInfo, object?[]?, object?>>();
            return typed;
        }

        if (returns == typeof(IBatch))
        {
            return static (self, m, a) => GuardedRedis.Wrap((IBatch)self.Direct(m, a)!, self._breaker);
        }

        if (returns == typeof(ITransaction))
        {
            return static (self, m, a) => GuardedRedis.Wrap((ITransaction)self.Direct(m, a)!, self._breaker);
        }

        return static (self, m, a) => self.Direct(m, a);
    }

    private static Task<T> Typed<T>(GuardedRedisProxy<TInterface> self, MethodInfo method, object?[]? args) =>
        self._breaker.ExecuteAsync((self, method, args), static s => (Task<T>)s.self.Direct(s.method, s.args)!);
}
