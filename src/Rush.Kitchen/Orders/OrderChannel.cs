namespace Rush.Kitchen.Orders;

/// <summary>Which intake an order came through (a metrics tag).</summary>
public enum OrderChannel
{
    /// <summary><c>POST /api/v1/orders</c>.</summary>
    Rest,

    /// <summary>gRPC <c>CreateOrder</c>.</summary>
    Grpc,
}
