using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Rush.Platform.Observability;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>A Lua script shipped as an embedded <c>.lua</c> resource and run with EVALSHA.</summary>
/// <remarks>
/// The SHA1 is computed locally, so the hot path is always one EVALSHA round trip. A server that
/// does not know the script (first call, restart, failover to a replica, SCRIPT FLUSH) answers
/// NOSCRIPT; we then send the full text once with EVAL, which also caches it on that server.
/// </remarks>
public sealed class RedisScript
{
    private readonly byte[] _sha1;

    private RedisScript(string name, string text)
    {
        Name = name;
        Text = text;
#pragma warning disable CA5350 // EVALSHA is defined by Redis as SHA1 of the script; not a security use.
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    /// <summary>The resource's file name, for logs.</summary>
    public string Name { get; }

    /// <summary>The Lua source.</summary>
    public string Text { get; }

    /// <summary>Loads <paramref name="fileName"/> embedded next to <paramref name="anchor"/>'s namespace.</summary>
    public static RedisScript FromResource(Type anchor, string fileName)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return new RedisScript(fileName, Read(anchor.Assembly, fileName));
    }

    /// <summary>
    /// Loads several embedded files of <paramref name="anchor"/>'s assembly and runs them as ONE script,
    /// in the order given: Lua has no includes, so a file of shared <c>local function</c>s goes first
    /// and the script that calls them after it. The whole text is one atomic EVALSHA.
    /// </summary>
    public static RedisScript FromResources(Type anchor, params string[] fileNames)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(fileNames);
        var text = string.Join("\n", fileNames.Select(f => Read(anchor.Assembly, f)));
        return new RedisScript(string.Join("+", fileNames), text);
    }

    /// <summary>
    /// Runs the script; reloads it once if the server answers NOSCRIPT. Timed as dependency <c>redis</c>,
    /// operation = the script's name, and traced as a client span of that name.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var span = RushTracing.Source.StartActivity("redis " + Name, ActivityKind.Client);
        span?.SetTag("db.system.name", "redis");
        span?.SetTag("db.operation.name", "EVALSHA");
        span?.SetTag("rush.script", Name);
        var call = DependencyCall.Start("redis", Name);
        try
        {
            var result = await EvaluateOnceAsync(db, keys, args).ConfigureAwait(false);
            call.Succeeded();
            return result;
        }
        catch (Exception e)
        {
            call.Failed();
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async Task<RedisResult> EvaluateOnceAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, keys, args).ConfigureAwait(false);
        }
    }

    private static string Read(Assembly assembly, string fileName)
    {
        var resource = assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded Lua script '{fileName}' not found in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
