using System.ComponentModel.DataAnnotations;

namespace Rush.Platform;

/// <summary>Addresses of the servers Rush stands on (section <c>ConnectionStrings</c>).</summary>
public sealed class PlatformOptions
{
    /// <summary>Npgsql connection string of the source-of-truth database.</summary>
    [Required(ErrorMessage = "ConnectionStrings:Postgres is required (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=rush).")]
    public string Postgres { get; set; } = "";

    /// <summary>StackExchange.Redis configuration string.</summary>
    [Required(ErrorMessage = "ConnectionStrings:Redis is required (e.g. 127.0.0.1:6379).")]
    public string Redis { get; set; } = "";

    /// <summary>AMQP URI of RabbitMQ, the event log.</summary>
    [Required(ErrorMessage = "ConnectionStrings:RabbitMq is required (e.g. amqp://guest:guest@127.0.0.1:5672/).")]
    [RegularExpression("^amqps?://.+", ErrorMessage = "ConnectionStrings:RabbitMq must be an amqp:// URI.")]
    public string RabbitMq { get; set; } = "";
}
