using System.Diagnostics;

namespace Rush.Platform.Observability;

/// <summary>Process, GC and thread-pool figures under the names Prometheus client libraries use (<c>process_*</c>, <c>dotnet_*</c>).</summary>
/// <remarks>
/// Read at scrape time from cheap runtime counters rather than from the <c>System.Runtime</c> meter:
/// its names (<c>dotnet.thread_pool.thread.count</c>, ...) map onto Prometheus names that promtool rejects
/// (<c>_count</c> suffix on a gauge), and dashboards expect the standard <c>process_*</c> names.
/// </remarks>
public static class ProcessMetrics
{
    private static readonly double StartTime = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>The figures now.</summary>
    public static IReadOnlyList<MetricFamilySnapshot> Collect()
    {
        var gc = GC.GetGCMemoryInfo();
        var families = new List<MetricFamilySnapshot>
        {
            Single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricKind.Counter, Environment.CpuUsage.TotalTime.TotalSeconds),
            Single("process_resident_memory_bytes", "Resident memory size in bytes.", MetricKind.Gauge, Environment.WorkingSet),
            Single("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", MetricKind.Gauge, StartTime),
            new("dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", MetricKind.Counter,
                Enumerable.Range(0, GC.MaxGeneration + 1)
                    .Select(g => new MetricSeries([new("generation", g.ToString(System.Globalization.CultureInfo.InvariantCulture))], GC.CollectionCount(g)))
                    .ToList()),
            Single("dotnet_gc_heap_size_bytes", "Managed heap size after the last garbage collection.", MetricKind.Gauge, gc.HeapSizeBytes),
            Single("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.", MetricKind.Counter, GC.GetTotalAllocatedBytes()),
            Single("dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection.", MetricKind.Counter, GC.GetTotalPauseDuration().TotalSeconds),
            Single("dotnet_threadpool_threads", "Thread-pool threads that currently exist.", MetricKind.Gauge, ThreadPool.ThreadCount),
            Single("dotnet_threadpool_queue_length", "Work items queued to the thread pool and not yet started.", MetricKind.Gauge, ThreadPool.PendingWorkItemCount),
            Single("dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.", MetricKind.Counter, ThreadPool.CompletedWorkItemCount),
            Single("dotnet_lock_contentions_total", "Times a thread waited for a contended Monitor lock.", MetricKind.Counter, Monitor.LockContentionCount),
        };
        if (OpenFileDescriptors() is { } fds)
        {
            families.Add(Single("process_open_fds", "Number of open file descriptors.", MetricKind.Gauge, fds));
        }

        return families;
    }

    private static MetricFamilySnapshot Single(string name, string help, MetricKind kind, double value) =>
        new(name, help, kind, [new MetricSeries([], value)]);

    private static int? OpenFileDescriptors()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
