using System.Diagnostics;

namespace Rush.Testing.Servers;

/// <summary>A long-running server started as our child: output drained into a bounded tail, PID owned and killable.</summary>
internal sealed class ServerProcess : IDisposable
{
    private const int TailLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    private ServerProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(
        CommandLine command,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = command.ToStartInfo(workingDirectory, environment);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process, command.ToString());
        process.OutputDataReceived += server.OnData;
        process.ErrorDataReceived += server.OnData;
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {command}.");
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }

        OwnedProcesses.Register(process.Id);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The last lines the process wrote to stdout/stderr.</summary>
    public string OutputTail()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Waits for the process to end; false when the deadline passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGKILLs the process and its descendants and waits until it is reaped.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        ProcessRunner.KillQuietly(_process);
        if (!await WaitForExitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"PID {Pid} ({Description}) survived SIGKILL for 30 s.");
        }

        OwnedProcesses.Unregister(Pid);
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL.</summary>
    public async Task TerminateAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.SendTermAsync(Pid, cancellationToken).ConfigureAwait(false);
            if (await WaitForExitAsync(grace, cancellationToken).ConfigureAwait(false))
            {
                OwnedProcesses.Unregister(Pid);
                return;
            }
        }

        await KillAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            ProcessRunner.KillQuietly(_process);
        }

        OwnedProcesses.Unregister(_process.Id);
        _process.Dispose();
    }

    private void OnData(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue(e.Data);
            while (_tail.Count > TailLines)
            {
                _ = _tail.Dequeue();
            }
        }
    }
}
