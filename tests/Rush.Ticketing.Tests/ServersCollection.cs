using System.Diagnostics.CodeAnalysis;
using Rush.Testing.Servers;

namespace Rush.Ticketing.Tests;

/// <summary>Tests that need the real servers share one set per run.</summary>
[CollectionDefinition("servers")]
[SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition naming convention.")]
public sealed class ServersCollection : ICollectionFixture<TestServers>;
