using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Rush.Testing.Servers;

/// <summary>
/// PIDs of server processes this test process started. When the process exits without the fixtures
/// having stopped them (unhandled crash, SIGTERM/SIGINT/SIGHUP/SIGQUIT, a runner that skips disposal) they
/// are SIGKILLed, so no server outlives its test run. A PID is only killed if it still has the start time
/// recorded at registration. (SIGKILL of the test process cannot be caught: `./rush test` sweeps leftovers.)
/// </summary>
/// <remarks>Since .NET 10, SIGTERM no longer raises ProcessExit, hence the explicit signal registrations.</remarks>
internal static class OwnedProcesses
{
    private static readonly Dictionary<int, DateTime?> Pids = [];
    private static readonly Lock Gate = new();
    private static readonly List<PosixSignalRegistration> SignalRegistrations = [];
    private static bool hooked;

    public static void Register(int pid)
    {
        lock (Gate)
        {
            if (!hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
                AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
                foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                {
                    // The handler does not cancel: the default action (terminate) still follows.
                    SignalRegistrations.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
                }

                hooked = true;
            }

            Pids[pid] = StartTimeOf(pid);
        }
    }

    public static void Unregister(int pid)
    {
        lock (Gate)
        {
            _ = Pids.Remove(pid);
        }
    }

    /// <summary>SIGKILLs every registered process (and its descendants) that is still the one we started.</summary>
    public static void KillAll()
    {
        KeyValuePair<int, DateTime?>[] snapshot;
        lock (Gate)
        {
            snapshot = [.. Pids];
            Pids.Clear();
        }

        foreach (var (pid, started) in snapshot)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (started is null || process.StartTime == started)
                {
                    ProcessRunner.KillQuietly(process);
                }
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    private static DateTime? StartTimeOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
