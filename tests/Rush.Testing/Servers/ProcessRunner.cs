using System.Diagnostics;
using System.Text;

namespace Rush.Testing.Servers;

/// <summary>Runs short-lived helper commands (initdb, pg_ctl, rabbitmqctl, chown, kill) with a deadline.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs a command to completion, capturing stdout and stderr together; kills it when the deadline passes.</summary>
    public static async Task<ProcessResult> RunAsync(
        CommandLine command,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = command.ToStartInfo(workingDirectory, environment);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        var gate = new Lock();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                output.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {command}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            string soFar;
            lock (gate)
            {
                soFar = output.ToString();
            }

            throw new TimeoutException(
                $"{command} did not finish within {timeout.TotalSeconds:0.#} s; killed it. Output:{Environment.NewLine}{soFar}");
        }

        lock (gate)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs a command and throws with its output when it exits non-zero.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        CommandLine command,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(command, timeout, cancellationToken, workingDirectory, environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{command} exited with code {result.ExitCode}. Output:{Environment.NewLine}{result.Output}");
        }

        return result;
    }

    /// <summary>Sends SIGTERM to a process (there is no managed API for it).</summary>
    public static async Task SendTermAsync(int pid, CancellationToken cancellationToken) =>
        _ = await RunAsync(new CommandLine("kill", "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

    /// <summary>Kills a process and its descendants, ignoring one that already ended.</summary>
    public static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Raced with its exit.
        }
    }

    /// <summary>Kills the process with this PID (SIGKILL) if it still runs; returns true when one was killed.</summary>
    public static bool KillPidQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            KillQuietly(process);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // No such process.
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True while a process with this PID exists (zombies count as gone).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
