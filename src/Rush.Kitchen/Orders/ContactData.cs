namespace Rush.Kitchen.Orders;

/// <summary>How much of a customer's contact data a reader of an order may see.</summary>
public enum ContactData
{
    /// <summary>No name, phone or address (anyone who merely knows the order id).</summary>
    None,

    /// <summary>The first name only: what a cook calls out (KDS screens).</summary>
    FirstName,

    /// <summary>Name, phone and address: the order's customer (access token) and the Erp role.</summary>
    Full,
}
