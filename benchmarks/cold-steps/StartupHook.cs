using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Queries.AsOf;
using Spectre.Console;
using Spectre.Console.Rendering;

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
/// FluentValidation's DisableAccessorCache. Round 64: COLD_STEPS_MODEL=1 first makes the domain's aspects and RelationshipModel
/// (with COLD_STEPS_FROZEN=1, a first FrozenDictionary by type and by string before it); COLD_STEPS_JSON=1 runs LedgerJson's
/// static constructor (its four option sets), then makes one more set of each kind; COLD_STEPS_OPTIONS=1 times FluentValidation's ValidatorOptions.Global first. Round 68: COLD_STEPS_ANSWER=1 times a `--json` answer of
/// empty sections (the options, the first metadata, the root's by reflection, the writing); COLD_STEPS_TABLE=1 a one-row table's console, headings, measuring and drawing.
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
        if (Environment.GetEnvironmentVariable("COLD_STEPS_MODEL") == "1")
        {
            _ = RelationsLedger.Domain.Aspects.RelationsAspect.Declared;
            Step("relations-aspect");
            _ = RelationsLedger.Domain.Aspects.RecognitionsAspect.Declared;
            Step("recognitions-aspect");
            _ = RelationsLedger.Domain.Aspects.DesignationsAspect.Declared;
            Step("designations-aspect");
            _ = RelationsLedger.Domain.Aspects.AmbassadorsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.MissionsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.SanctionsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.AgreementsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.CooperationAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.ProjectsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.EngagementsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.StatementsAspect.Declared;
            _ = RelationsLedger.Domain.Aspects.MendsAspect.Declared;
            Step("other-aspects");
            if (Environment.GetEnvironmentVariable("COLD_STEPS_FROZEN") == "1")
            {
                Type[] types = [typeof(int), typeof(string)];
                _ = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(types, t => t, t => 1);
                Step("frozen-by-type");
                List<string> names = ["a", "bb"];
                _ = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(names, t => t, t => (object)t, StringComparer.Ordinal);
                Step("frozen-by-string");
            }
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(RelationsLedger.Domain.Aspects.RelationshipModel).TypeHandle);
            Step("relationship-model");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_JSON") == "1")
        {
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(RelationsLedger.Application.Serialization.LedgerJson).TypeHandle);
            Step("ledger-json");
            // One more set of each kind made after them: what a set costs once System.Text.Json has been used.
            var answers = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = false };
            RelationsLedger.Application.Serialization.LedgerJson.ApplyAnswerConventions(answers);
            answers.MakeReadOnly(populateMissingResolver: true);
            Step("another-answers-set");
            var commands = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.General)
            {
                PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
                AllowDuplicateProperties = false,
            };
            commands.MakeReadOnly(populateMissingResolver: true);
            Step("another-commands-set");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_ANSWER") == "1")
        {
            // Round 68: a `--json` answer whose every section is empty (AF~taliban's as of 2024-12-31), step by step.
            var view = new RelationshipStateView("AF~taliban", "relationship-AF~taliban", "2024-12-31", null,
                RelationsLedger.Domain.State.StateSections.Of(new Dictionary<RelationsLedger.Domain.State.ItemKind, object?>()))
            { ReadModel = new RelationsLedger.Application.Queries.ReadModelFreshness("relationships", "100000", 0, null) };
            Step("answer-made");
            var options = RelationsLedger.Application.Serialization.LedgerJson.AnswersIndented;
            Step("answer-options");
            _ = options.GetTypeInfo(typeof(RelationsLedger.Application.Queries.ReadModelFreshness));
            Step("first-type-info");
            _ = options.GetTypeInfo(typeof(DateTimeOffset?));
            Step("known-at-info");
            _ = options.GetTypeInfo(typeof(RelationshipStateView));
            Step("root-info-by-reflection");
            _ = System.Text.Json.JsonSerializer.Serialize(view, options);
            Step("serialize");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_TABLE") == "1")
        {
            // Round 68: AF~taliban's one-row table as Spectre.Console makes and draws it, step by step (headings, cells plain text).
            var console = AnsiConsole.Console;
            console.Profile.Width = 200;
            console.Profile.Height = 24;
            Step("console");
            var table = new Table().Title("AF~taliban as of 2024-12-31");
            table.AddColumns(new TableColumn("Aspect"), new TableColumn("Item"), new TableColumn("Status"),
                new TableColumn("Since / on"), new TableColumn("Event (--json: full id)"));
            Step("table-headings");
            table.AddRow(new Text("(nothing)"), new Text("nothing recorded takes effect on or before this day"),
                new Text(""), new Text(""), new Text(""));
            Step("table-row");
            var options = RenderOptions.Create(console, console.Profile.Capabilities);
            _ = ((IRenderable)table).Measure(options, 200);
            Step("table-measure");
            _ = ((IRenderable)table).Render(options, 200).ToList();
            Step("table-draw");
            _ = ((IRenderable)table).Render(options, 200).ToList();
            Step("table-draw-again");
        }
        if (Environment.GetEnvironmentVariable("COLD_STEPS_OPTIONS") == "1")
        {
            _ = ValidatorOptions.Global;
            Step("fv-options");
            ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member?.Name;
            Step("fv-resolver-set");
            var sc = new ServiceCollection();
            Step("service-collection");
            sc.AddSingleton(TimeProvider.System);
            Step("first-add");
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
