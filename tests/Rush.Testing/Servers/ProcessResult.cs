namespace Rush.Testing.Servers;

/// <summary>Exit code and combined output of a finished helper command.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
