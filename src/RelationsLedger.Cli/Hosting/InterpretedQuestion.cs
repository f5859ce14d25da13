namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A question asked of the <c>ledger</c> program runs its one-time code interpreted or by reflection instead of emitting
/// IL and compiling it: FluentValidation compiles each rule's property access (three for a state question), reflection
/// emits invoke stubs (the container's event source's attributes), System.Text.Json's reflection resolver sets up its
/// emitting accessor — each made once, used once, then the process ends. With the runtime told that dynamic code is not
/// supported, the libraries take the paths they have for ahead-of-time compiled programs: the same answers byte for byte,
/// ~10–15 ms less CPU for a cold <c>ledger state</c> (docs/performance.md, round 32). Only for questions, and only in the
/// program's own process: a server, an import or a rebuild runs its code many times, where compiled is faster; and the
/// switch is the whole process's, so a caller running <c>ledger</c> inside its own process (the tests) keeps its setting.
/// </summary>
internal static class InterpretedQuestion
{
    private const string DynamicCode = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>Before the question's services are made: the libraries read the switch on their first use, once.</summary>
    public static void Begin(CliOutput io)
    {
        if (io.OwnsProcess) AppContext.SetSwitch(DynamicCode, false);
    }
}
