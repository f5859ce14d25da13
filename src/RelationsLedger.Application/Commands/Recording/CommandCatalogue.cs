using System.ComponentModel;
using System.Reflection;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// Every command of the application with the event it records: the CLI's <c>record</c> subcommands, the
/// API's <c>POST /commands/…</c>, batch items and the import are all made from it.
/// </summary>
public static class CommandCatalogue
{
    /// <summary>One command: its type, the event type it records, its name (<c>impose-designation</c>), what it does, and how it is made from its event.</summary>
    public sealed record Entry(Type CommandType, Type EventType, string Name, string Description, Func<IRelationshipEvent, RelationshipKey, RecordCommand> FromEvent);

    public static IReadOnlyList<Entry> All { get; } = CommandTypes.All
        .Select(Describe)
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<Type, Entry> ByEvent = All.ToDictionary(e => e.EventType);
    private static readonly Dictionary<Type, Entry> ByCommand = All.ToDictionary(e => e.CommandType);
    private static readonly Dictionary<string, Entry> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static Entry ForEvent(Type eventType) =>
        ByEvent.TryGetValue(eventType, out var e) ? e : throw new ArgumentOutOfRangeException(nameof(eventType), $"No command records {eventType.Name}.");

    public static Entry ForCommand(Type commandType) =>
        ByCommand.TryGetValue(commandType, out var e) ? e : throw new ArgumentOutOfRangeException(nameof(commandType), $"{commandType.Name} is not a command.");

    public static Entry? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The command that would have recorded <paramref name="e"/> in the relationship <paramref name="key"/>.</summary>
    public static RecordCommand FromEvent(IRelationshipEvent e, RelationshipKey key) => ForEvent(e.GetType()).FromEvent(e, key);

    private static Entry Describe(Type command)
    {
        var link = command.GetInterfaces().SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRecords<,>))
            ?? throw new InvalidOperationException($"{command.Name} does not say which event it records (IRecords<,>).");
        var eventType = link.GetGenericArguments()[1];
        var from = typeof(CommandCatalogue).GetMethod(nameof(From), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(command, eventType).CreateDelegate<Func<IRelationshipEvent, RelationshipKey, RecordCommand>>();
        return new(command, eventType, Names.Kebab(command.Name), command.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "", from);
    }

    private static RecordCommand From<TCommand, TEvent>(IRelationshipEvent e, RelationshipKey key)
        where TCommand : RecordCommand<TEvent>, IRecords<TCommand, TEvent>
        where TEvent : class, IRelationshipEvent => TCommand.From((TEvent)e, key);
}
