using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Application.Queries.Timelines;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers MediatR 5 (the registry serves no later version, and 5 has no DI package of its
    /// own), every command and query handler, every validator, and the validation pipeline.
    /// The event store is registered by the caller.
    /// </summary>
    /// <param name="requests">
    /// <see cref="LedgerRequests.Questions"/>: only the questions' handlers and validators (<see cref="AddQuestions"/>), for a
    /// process that asks one question and records nothing (a CLI question): finding the rest — every command's, the audit's —
    /// loaded each public type of this assembly and made four generic types a command, ~20 ms of a cold question's processor
    /// time (docs/performance.md, round 60).
    /// </param>
    public static IServiceCollection AddRelationsLedger(this IServiceCollection services, LedgerRequests requests = LedgerRequests.All)
    {
        // Field names in errors as they are spelled in the JSON contract and the API (camelCase).
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : ContractNames.Of(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : ContractNames.Of(member.Name);
        // The user's text in a message is shown as written, braces and all (TemplateText).
        ValidatorOptions.Global.MessageFormatterFactory = () => new TemplateText.Formatter();

        services.AddSingleton(TimeProvider.System);
        // The known-at rule's now: the clock, never earlier than the log's last recorded time (the store, when one is registered).
        services.AddSingleton(p => new LedgerNow(p.GetRequiredService<TimeProvider>(), p.GetService<IEventStore>()));
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        // One per request type, as its validators are: it holds nothing of a request, and made per request it cost every command
        // the behaviour and the array of its validators.
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        // One cache of decoded histories per container: the CLI's lives for one command, an API's for the process.
        services.TryAddSingleton(new HistoryCacheOptions());
        services.AddSingleton<HistoryCache>();
        services.AddSingleton<WriteTurns>(); // one per container, as the cache: the turns of every writer of the process (the API's)
        services.AddSingleton<CommandValidators>();
        services.AddScoped<RelationshipRepository>();

        services.AddQuestions();
        if (requests == LedgerRequests.Questions) return services;

        // Public types only, as the catalogues: TypeScanTests keeps every handler and validator public, so none is missed.
        var types = typeof(DependencyInjection).Assembly.GetExportedTypes().Where(t => t is { IsAbstract: false, IsClass: true }).ToList();
        foreach (var command in CommandTypes.All)
        {
            services.AddTransient(typeof(IRequestHandler<,>).MakeGenericType(command, typeof(Recorded)), typeof(RecordHandler<>).MakeGenericType(command));
            services.AddSingleton(typeof(IValidator<>).MakeGenericType(command), typeof(RecordCommandValidator<>).MakeGenericType(command));
        }
        foreach (var type in types.Where(t => !t.IsGenericTypeDefinition))
        {
            if (IsQuestions(type)) continue; // registered above, by name
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
                services.AddTransient(contract, type);
            // Validators are singletons: they hold no state (building one compiled its rules' expressions until every validator
            // became a OneRuleValidator, round 64, and still costs FluentValidation's set-up). They may depend on singletons only.
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                services.AddSingleton(contract, type);
        }
        return services;
    }

    /// <summary>Whether a type is one of the questions' (their namespace): <see cref="AddQuestions"/> registers those by name.</summary>
    private static bool IsQuestions(Type type) => type.Namespace?.StartsWith(QuestionsNamespace, StringComparison.Ordinal) == true;

    private const string QuestionsNamespace = "RelationsLedger.Application.Queries.";

    /// <summary>
    /// The questions' handlers and validators (<c>Queries/</c>), by name rather than found: a question's container is made
    /// without loading every type of the assembly (<see cref="LedgerRequests.Questions"/>). Each validator a singleton, as the
    /// scan's. <c>TypeScanTests</c> fails, naming it, when a handler or validator of <c>Queries/</c> is not here.
    /// </summary>
    private static void AddQuestions(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<GetRelationshipTimeline>, GetRelationshipTimelineValidator>();
        services.AddTransient<IRequestHandler<GetRelationshipTimeline, RelationshipTimelineView>, GetRelationshipTimelineHandler>();
        services.AddSingleton<IValidator<GetPartyRelationships>, GetPartyRelationshipsValidator>();
        services.AddSingleton<IValidator<GetPanel>, GetPanelValidator>();
        services.AddSingleton<IValidator<GetCorrelatedHistory>, GetCorrelatedHistoryValidator>();
        services.AddTransient<IRequestHandler<GetCorrelatedHistory, IReadOnlyList<HistoryEntry>>, GetCorrelatedHistoryHandler>();
        services.AddSingleton<IValidator<GetHistory>, GetHistoryValidator>();
        services.AddTransient<IRequestHandler<GetHistory, IReadOnlyList<HistoryEntry>>, GetHistoryHandler>();
        services.AddSingleton<IValidator<GetRelationshipState>, GetRelationshipStateValidator>();
        services.AddSingleton<IValidator<ReplayRelationshipState>, ReplayRelationshipStateValidator>();
        services.AddTransient<IRequestHandler<ReplayRelationshipState, RelationshipStateView>, ReplayRelationshipStateHandler>();
        services.AddSingleton<IValidator<GetChangedRelationships>, GetChangedRelationshipsValidator>();
        services.AddSingleton<IValidator<GetDesignationsBy>, GetDesignationsByValidator>();
        services.AddSingleton<IValidator<GetDesignationsOf>, GetDesignationsOfValidator>();
        services.AddSingleton<IValidator<GetMissionsAtLeast>, GetMissionsAtLeastValidator>();
    }
}

/// <summary>Which requests a container can answer (<see cref="DependencyInjection.AddRelationsLedger"/>).</summary>
public enum LedgerRequests
{
    /// <summary>Every command, question and audit request: a server, a command that records or audits.</summary>
    All,

    /// <summary>The questions only (<c>Queries/</c>): a process that asks one and records nothing.</summary>
    Questions,
}
