using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Queries;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the read models (in the SQLite file at <paramref name="readModelPath"/>), their
    /// runner over the registered <see cref="IEventStore"/>, and the handlers that answer the
    /// state and cross-relationship queries from them. The replay of a stream stays available as
    /// its own request (<see cref="ReplayRelationshipState"/>), never as a second handler of the same one.
    /// </summary>
    public static IServiceCollection AddProjections(this IServiceCollection services, string readModelPath, ProjectionOptions? options = null)
    {
        services.AddSingleton(new ReadModelDatabase(readModelPath));
        services.AddSingleton(options ?? new ProjectionOptions());
        services.AddSingleton(p => new RelationshipsProjection(p.GetRequiredService<ProjectionOptions>().CachedBytes));
        services.AddSingleton<CatchUpReporting>();
        services.AddSingleton(p => new ProjectionRunner(
            p.GetRequiredService<ReadModelDatabase>(), p.GetRequiredService<IEventStore>(), p.GetRequiredService<RelationshipsProjection>(), p.GetRequiredService<ProjectionOptions>())
        {
            Notice = message => p.GetRequiredService<CatchUpReporting>().Notice?.Invoke(message),
        });
        services.AddSingleton<ReadModel>();

        services.AddTransient<IRequestHandler<GetRelationshipState, RelationshipStateView>, GetRelationshipStateFromReadModel>();
        services.AddTransient<IRequestHandler<GetDesignationsBy, AcrossView<Designation>>, GetDesignationsByFromReadModel>();
        services.AddTransient<IRequestHandler<GetDesignationsOf, AcrossView<Designation>>, GetDesignationsOfFromReadModel>();
        services.AddTransient<IRequestHandler<GetMissionsAtLeast, AcrossView<Mission>>, GetMissionsAtLeastFromReadModel>();
        services.AddTransient<IRequestHandler<GetChangedRelationships, ChangedRelationshipsView>, GetChangedRelationshipsFromReadModel>();
        services.AddTransient<IRequestHandler<GetPartyRelationships, PartyRelationshipsView>, GetPartyRelationshipsFromReadModel>();
        services.AddTransient<IRequestHandler<GetPanel, PanelAnswer>, GetPanelFromReadModel>();
        return services;
    }
}
