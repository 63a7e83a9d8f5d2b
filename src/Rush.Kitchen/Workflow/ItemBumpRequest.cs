namespace Rush.Kitchen.Workflow;

/// <summary>Body of <c>PUT /api/v1/erp/orders/{id}/items/{index}/status</c>: <c>{"done":true}</c>.</summary>
public sealed class ItemBumpRequest
{
    /// <summary>True marks the line done, false takes the mark back; required.</summary>
    public bool? Done { get; set; }

    /// <summary>Optional: the version the cook saw; the bump is refused with 412 if the order moved on.</summary>
    public int? ExpectedVersion { get; set; }
}
