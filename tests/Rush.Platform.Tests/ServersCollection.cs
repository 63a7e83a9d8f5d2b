using System.Diagnostics.CodeAnalysis;
using Rush.Testing.Servers;

namespace Rush.Platform.Tests;

/// <summary>Test classes marked [Collection("servers")] share one set of real Postgres, Redis and RabbitMQ servers.</summary>
[CollectionDefinition("servers")]
[SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition naming convention.")]
public sealed class ServersCollection : ICollectionFixture<TestServers>;
