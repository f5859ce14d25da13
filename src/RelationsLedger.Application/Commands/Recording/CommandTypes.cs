namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The application's commands, found once: its public concrete subclasses of <see cref="RecordCommand"/>. The container
/// registers each one's handler and validator from this list, and <see cref="CommandCatalogue"/> describes each from it.
/// A class of its own, so that the container's registration does not make the catalogue: describing 28 commands (their
/// links, names and descriptions, read by reflection) is for the <c>record</c> subcommands, the API's endpoints, batches
/// and imports, not for a question (docs/performance.md, round 33).
/// </summary>
public static class CommandTypes
{
    // Public types only: loading every type of the assembly (closures, state machines) cost each start ~10 ms; TypeScanTests keeps every command public.
    public static IReadOnlyList<Type> All { get; } = typeof(CommandTypes).Assembly.GetExportedTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(RecordCommand)))
        .ToArray();
}
