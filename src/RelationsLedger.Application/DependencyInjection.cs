using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers MediatR 5 (the registry serves no later version, and 5 has no DI package of its
    /// own), every command and query handler, every validator, and the validation pipeline.
    /// The event store is registered by the caller.
    /// </summary>
    public static IServiceCollection AddRelationsLedger(this IServiceCollection services)
    {
        // Field names in errors as they are spelled in the JSON contract and the API (camelCase).
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : ContractNames.Of(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : ContractNames.Of(member.Name);

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

        // Public types only, as the catalogues: TypeScanTests keeps every handler and validator public, so none is missed.
        var types = typeof(DependencyInjection).Assembly.GetExportedTypes().Where(t => t is { IsAbstract: false, IsClass: true }).ToList();
        foreach (var command in CommandTypes.All)
        {
            services.AddTransient(typeof(IRequestHandler<,>).MakeGenericType(command, typeof(Recorded)), typeof(RecordHandler<>).MakeGenericType(command));
            services.AddSingleton(typeof(IValidator<>).MakeGenericType(command), typeof(RecordCommandValidator<>).MakeGenericType(command));
        }
        foreach (var type in types.Where(t => !t.IsGenericTypeDefinition))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
                services.AddTransient(contract, type);
            // Validators are singletons: building one compiles its rules' expressions (most of a command's
            // validation time when built per request), and they hold no state. They may depend on singletons only.
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                services.AddSingleton(contract, type);
        }
        return services;
    }

}
