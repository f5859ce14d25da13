using System.Reflection;

namespace RelationsLedger.Domain.Events;

/// <summary>Every event type of the public contract, by name and version.</summary>
public static class EventCatalogue
{
    public sealed record Entry(string Name, int Version, Type ClrType);

    // Public types only: loading every type of the assembly (closures, state machines) cost each start milliseconds; TypeScanTests keeps every event public.
    public static IReadOnlyList<Entry> All { get; } = typeof(IRelationshipEvent).Assembly.GetExportedTypes()
        .Select(t => t.GetCustomAttribute<EventTypeAttribute>() is { } a ? new Entry(a.Name, a.Version, t) : null)
        .OfType<Entry>()
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<Type, Entry> ByType = All.ToDictionary(e => e.ClrType);
    private static readonly Dictionary<(string, int), Entry> ByName = All.ToDictionary(e => (e.Name, e.Version));

    public static Entry Of(IRelationshipEvent e) => Of(e.GetType());

    public static Entry Of(Type type) =>
        ByType.TryGetValue(type, out var entry) ? entry : throw new ArgumentException($"{type.Name} is not a catalogued event type.");

    public static Entry? Find(string name, int version) => ByName.GetValueOrDefault((name, version));

    public static string NameOf(IRelationshipEvent e) => Of(e).Name;
}
