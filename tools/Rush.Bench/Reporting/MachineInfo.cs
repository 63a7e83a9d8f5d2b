using System.Runtime;
using System.Runtime.InteropServices;

namespace Rush.Bench.Reporting;

/// <summary>The machine the bench ran on.</summary>
internal sealed record MachineInfo
{
    /// <summary>Logical processors visible to the process.</summary>
    public required int Cores { get; init; }

    /// <summary>CPU model, when the OS tells it.</summary>
    public required string Cpu { get; init; }

    /// <summary>Operating system.</summary>
    public required string Os { get; init; }

    /// <summary>Process architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>.NET runtime.</summary>
    public required string Runtime { get; init; }

    /// <summary>Server or workstation GC.</summary>
    public required string Gc { get; init; }

    /// <summary>Memory available to the process, in MiB.</summary>
    public required long MemoryMiB { get; init; }

    /// <summary>Host name.</summary>
    public required string Host { get; init; }

    /// <summary>Reads the current machine.</summary>
    public static MachineInfo Current() => new()
    {
        Cores = Environment.ProcessorCount,
        Cpu = CpuModel(),
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        Runtime = RuntimeInformation.FrameworkDescription,
        Gc = GCSettings.IsServerGC ? "server" : "workstation",
        MemoryMiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024),
        Host = Environment.MachineName,
    };

    /// <summary>One line: "2 cores (AMD EPYC ...), Debian GNU/Linux 12, X64, .NET 10.0.1, server GC, 15,000 MiB".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Cores} cores ({Cpu}), {Os}, {Architecture}, {Runtime}, {Gc} GC, {MemoryMiB:N0} MiB, host {Host}");

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "unknown CPU";
    }
}
