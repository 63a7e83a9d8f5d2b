namespace Rush.Bench.Cpu;

/// <summary>A server process whose CPU (with all its descendants) the bench reports.</summary>
/// <param name="Name">host, postgres, redis or rabbitmq.</param>
/// <param name="Pid">Root of the process tree (Rush.Host, the postmaster, redis-server, beam.smp).</param>
/// <param name="Source">How the pid was found: "--pids", "RUSH_BENCH_PIDS" or "port N".</param>
internal sealed record WatchedProcess(string Name, int Pid, string Source);
