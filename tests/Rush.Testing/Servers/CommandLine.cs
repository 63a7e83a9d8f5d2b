using System.Diagnostics;

namespace Rush.Testing.Servers;

/// <summary>A program and its arguments, passed without any shell quoting.</summary>
internal sealed class CommandLine
{
    public CommandLine(string fileName, params IEnumerable<string> arguments)
    {
        FileName = fileName;
        Arguments = [.. arguments];
    }

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Runs the command as <paramref name="user"/> when this process is root (servers refuse or should not
    /// run as root); runs it unchanged otherwise. setpriv keeps the environment and execs, so the PID we
    /// get is the server's (or its wrapper script's).
    /// </summary>
    public CommandLine AsUser(string user) =>
        IsRoot
            ? new CommandLine("setpriv", ["--reuid", user, "--regid", user, "--init-groups", "--", FileName, .. Arguments])
            : this;

    /// <summary>Same intent as <see cref="AsUser"/> but through runuser (the documented Postgres recipe).</summary>
    public CommandLine ViaRunuser(string user) =>
        IsRoot ? new CommandLine("runuser", ["-u", user, "--", FileName, .. Arguments]) : this;

    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    public ProcessStartInfo ToStartInfo(string? workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        return startInfo;
    }

    public override string ToString() =>
        string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
