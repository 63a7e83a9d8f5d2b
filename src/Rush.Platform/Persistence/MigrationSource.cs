using System.Reflection;

namespace Rush.Platform.Persistence;

/// <summary>A module's numbered SQL migrations, embedded in its assembly under a Migrations folder.</summary>
/// <param name="Module">Short module name; migration ids are "{Module}/{file name}".</param>
/// <param name="Assembly">The assembly holding the embedded .sql files.</param>
/// <param name="Order">Modules are migrated in ascending order (the platform first).</param>
public sealed record MigrationSource(string Module, Assembly Assembly, int Order)
{
    /// <summary>The module's migrations as (id, sql), sorted by their number.</summary>
    public IEnumerable<(string Id, string Sql)> Load()
    {
        var names = Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, File: n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..]))
            .OrderBy(n => n.File, StringComparer.Ordinal);
        foreach (var (resource, file) in names)
        {
            using var stream = Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return ($"{Module}/{file}", reader.ReadToEnd());
        }
    }
}
