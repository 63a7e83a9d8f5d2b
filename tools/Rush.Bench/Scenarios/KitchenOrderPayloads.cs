using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using Rush.Bench.Http;
using Rush.Contracts.Kitchen.V1;

namespace Rush.Bench.Scenarios;

/// <summary>
/// Pre-serialized single-pizza orders (the seed's example order) for 1,024 distinct customers, so a request costs
/// an array lookup. With idempotency each request gets a unique key: REST in the Idempotency-Key header, gRPC in
/// <c>request_id</c> (field 10), appended to the pre-serialized message — protobuf allows fields in any order.
/// </summary>
internal abstract class KitchenOrderPayloads : IPayloadSource
{
    /// <summary>Distinct customers cycled through.</summary>
    public const int Customers = 1024;

    /// <summary>First customer id.</summary>
    public const long FirstCustomerId = 1_000_000;

    private readonly string? _keyPrefix;
    private long _sequence = -1;

    private protected KitchenOrderPayloads(bool idempotency) =>
        _keyPrefix = idempotency ? $"bench-{Guid.NewGuid().ToString("N")[..12]}-" : null;

    /// <summary>The order sent for customer slot <paramref name="i"/>.</summary>
    public static PizzaOrderRequest Order(int i) => new()
    {
        CustomerId = FirstCustomerId + i,
        PizzaName = "Пицца Классическая",
        Quantity = 2,
        CustomerFirstName = "Иван",
        CustomerLastName = "Иванов",
        CustomerPhone = "+79001234567",
        DeliveryAddress = "ул. Ленина, д. 1",
        IsPickup = false,
    };

    /// <summary>REST JSON bodies.</summary>
    public static KitchenOrderPayloads Json(bool idempotency) => new JsonPayloads(idempotency);

    /// <summary>gRPC framed protobuf bodies.</summary>
    public static KitchenOrderPayloads Grpc(bool idempotency) => new GrpcPayloads(idempotency);

    /// <inheritdoc />
    public Payload Next()
    {
        var n = Interlocked.Increment(ref _sequence);
        var key = _keyPrefix is null ? null : string.Concat(_keyPrefix, n.ToString("D12", System.Globalization.CultureInfo.InvariantCulture));
        return Build((int)(n % Customers), key);
    }

    private protected abstract Payload Build(int customer, string? key);

    private sealed class JsonPayloads : KitchenOrderPayloads
    {
        private static readonly JsonWriterOptions WriterOptions = new()
        {
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Cyrillic),
        };

        private readonly byte[][] _bodies = new byte[Customers][];

        public JsonPayloads(bool idempotency)
            : base(idempotency)
        {
            for (var i = 0; i < Customers; i++)
            {
                _bodies[i] = Serialize(Order(i));
            }
        }

        private protected override Payload Build(int customer, string? key) => new(_bodies[customer], key);

        private static byte[] Serialize(PizzaOrderRequest order)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("customerId", order.CustomerId);
                json.WriteString("pizzaName", order.PizzaName);
                json.WriteNumber("quantity", order.Quantity);
                json.WriteString("customerFirstName", order.CustomerFirstName);
                json.WriteString("customerLastName", order.CustomerLastName);
                json.WriteString("customerPhone", order.CustomerPhone);
                json.WriteString("deliveryAddress", order.DeliveryAddress);
                json.WriteBoolean("isPickup", order.IsPickup);
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }

    private sealed class GrpcPayloads : KitchenOrderPayloads
    {
        private const byte RequestIdTag = (10 << 3) | 2; // field 10, length-delimited
        private readonly byte[][] _frames = new byte[Customers][];

        public GrpcPayloads(bool idempotency)
            : base(idempotency)
        {
            for (var i = 0; i < Customers; i++)
            {
                _frames[i] = Frame(Order(i).ToByteArray());
            }
        }

        /// <summary>gRPC length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, message.</summary>
        public static byte[] Frame(ReadOnlySpan<byte> message)
        {
            var frame = new byte[5 + message.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
            message.CopyTo(frame.AsSpan(5));
            return frame;
        }

        private protected override Payload Build(int customer, string? key)
        {
            var frame = _frames[customer];
            if (key is null)
            {
                return new Payload(frame, null);
            }

            // Keys are short ASCII (< 128 bytes), so the length varint is one byte.
            var keyLength = key.Length;
            var body = new byte[frame.Length + 2 + keyLength];
            frame.CopyTo(body, 0);
            body[frame.Length] = RequestIdTag;
            body[frame.Length + 1] = (byte)keyLength;
            Encoding.ASCII.GetBytes(key, body.AsSpan(frame.Length + 2));
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)(body.Length - 5));
            return new Payload(body, key);
        }
    }
}
