namespace Rush.Drills;

/// <summary>
/// Drills run one at a time: each starts its own servers and host and kills one of them, and its
/// figures (latency during an outage) mean something only when no other drill loads the machine.
/// </summary>
[CollectionDefinition("drills", DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition naming convention.")]
public sealed class DrillsCollection;
