namespace Rush.Kitchen.Slots;

/// <summary>One capacity dimension of a slot and where the Lua scripts keep it in Redis.</summary>
/// <param name="Name">The order's demand field in its reservation hash (<c>order:slot:{id}</c>).</param>
/// <param name="LoadField">The load field in <c>slot:{id}:info</c>; empty for the string <c>slot:{id}</c> itself (the seed's price load).</param>
/// <param name="LimitField">The limit field in <c>slot:{id}:info</c> (seed: <c>max_capacity</c> for price).</param>
public sealed record SlotDimension(string Name, string LoadField, string LimitField);
