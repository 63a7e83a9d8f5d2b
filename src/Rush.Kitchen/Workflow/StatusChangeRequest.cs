namespace Rush.Kitchen.Workflow;

/// <summary>Body of <c>PUT /api/v1/erp/orders/{id}/status</c>: <c>{"status":"cooking","expectedVersion":3}</c>.</summary>
public sealed class StatusChangeRequest
{
    /// <summary>The status to move to (see <see cref="OrderStatus"/>).</summary>
    public string? Status { get; set; }

    /// <summary>Optional: the version the cook saw; the change is refused with 412 if the order moved on.</summary>
    public int? ExpectedVersion { get; set; }
}
