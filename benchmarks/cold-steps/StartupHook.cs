using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Queries.AsOf;

/// <summary>
/// The processor time of each step a cold <c>ledger state</c> takes before its question is answered — the questions' container
/// registered and built, the state question's validator made and run — timed inside the tool as shipped (one composite
/// ReadyToRun image), before its <c>Main</c>, in the order a question takes them; then the process ends. docs/performance.md,
/// round 61. Build it, then run the published tool with it:
/// <code>
/// dotnet build benchmarks/cold-steps -c Release -o /tmp/cold-steps
/// DOTNET_STARTUP_HOOKS=/tmp/cold-steps/ColdSteps.dll T/ledger --help     # prints: register 4.3 | build 7.6 | … (ms of CPU)
/// </code>
/// COLD_STEPS_PARTS=1 first times the parts of a validator's first rule alone (its expression trees made, one's text, compiled,
/// called); COLD_STEPS_IDENTITY=1 the same of the identity tree a rule over the whole question makes; COLD_STEPS_EMPTY=1 first builds an empty container (the container's fixed cost); COLD_STEPS_NO_ACCESSOR_CACHE=1 sets
/// FluentValidation's DisableAccessorCache.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        // As a question does (InterpretedQuestion): its one-time code interpreted, not emitted.
        AppContext.SetSwitch("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported", false);
        var steps = new List<string>();
        var last = Environment.CpuUsage.TotalTime;
        void Step(string name)
        {
            steps.Add($"{name} {(Environment.CpuUsage.TotalTime - last).TotalMilliseconds:F1}");
            last = Environment.CpuUsage.TotalTime;
        }

        if (Environment.GetEnvironmentVariable("COLD_STEPS_NO_ACCESSOR_CACHE") == "1") ValidatorOptions.Global.DisableAccessorCache = true;
        if (Environment.GetEnvironmentVariable("COLD_STEPS_PARTS") == "1")
        {
            System.Linq.Expressions.Expression<Func<GetRelationshipState, string>> a = q => q.PartyA;
            System.Linq.Expressions.Expression<Func<GetRelationshipState, string>> b = q => q.PartyB;
            Step("expression-trees");
            _ = a.ToString();
            Step("tree-text");
            var compiled = a.Compile();
            Step("compile");
            _ = b.Compile();
            Step("compile-2nd");
            _ = compiled(new GetRelationshipState("A", "B", "C"));
            Step("call");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_IDENTITY") == "1")
        {
            // What a rule over the whole question (RuleFor(q => q), round 62) still makes first: the identity tree, its text, its compile.
            System.Linq.Expressions.Expression<Func<GetRelationshipState, GetRelationshipState>> q = x => x;
            Step("identity-tree");
            _ = q.ToString();
            Step("identity-text");
            _ = q.Compile();
            Step("identity-compile");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_EMPTY") == "1")
        {
            new ServiceCollection().BuildServiceProvider().Dispose();
            Step("empty-container");
        }
        var services = new ServiceCollection().AddRelationsLedger(LedgerRequests.Questions);
        Step("register");
        using var provider = services.BuildServiceProvider();
        Step("build");
        using var scope = provider.CreateScope();
        Step("scope");
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<GetRelationshipState>>();
        Step("validator");
        var question = new GetRelationshipState("AM", "GM", "2024-12-31");
        var result = validator.Validate(new ValidationContext<GetRelationshipState>(question));
        Step("validate");
        validator.Validate(new ValidationContext<GetRelationshipState>(question));
        Step("validate-again");
        Console.Error.WriteLine(string.Join(" | ", steps) + (result.IsValid ? "" : " (refused!)"));
        Environment.Exit(0);
    }
}
