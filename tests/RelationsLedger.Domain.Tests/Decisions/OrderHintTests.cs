using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests.Decisions;

/// <summary>
/// A fact refused because its partial date places it at its first day, before a recorded fact inside its window, is told so
/// ("Note: … is ordered after it"), and the fact named is the one that explains the refusal — not any fact of another aspect
/// that happens to lie in the window. Found by a hostile pass (round 54): with an embassy opened on 2024-03-15 and a listing
/// imposed on 2024-06-01, a removal dated "2024" was refused naming the embassy as the conflicting event.
/// </summary>
public sealed class OrderHintTests
{
    private readonly Record _r = new("DE", "FR");
    private static DesignationImposed Impose() => new("DE", "FR", "M", "A", null);
    private static DesignationRemoved Remove() => new("DE", "FR", "M", "A", null);
    private static MissionOpened Embassy() => new("DE", "FR", MissionLevel.Embassy, null, null);

    [Fact]
    public void The_note_names_the_fact_after_which_the_refused_one_would_hold_not_an_unrelated_one_before_it()
    {
        _r.Add("2024-03-15", Embassy());
        var imposed = _r.Add("2024-06-01", Impose());

        var refused = _r.Refused("2024", Remove());

        Assert.Equal(imposed, refused.ConflictingEventId);
        Assert.Contains($"Note: DesignationImposed {imposed}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MissionOpened", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_note_when_no_fact_inside_the_window_would_let_the_refused_one_hold()
    {
        _r.Add("1648-10-24", new RelationsEstablished("DE", "FR"));
        _r.Add("2024-02-29", Impose());
        _r.Add("2024", new RelationsSevered("DE", "FR", null));

        // A removal in January, before the listing of 29 February: nothing in January explains it. The severance (dated by its
        // year, so placed at 1 January, after a month's fact of January) is of another aspect and was named as the conflict.
        var refused = _r.Refused("2024-01", Remove());

        Assert.Null(refused.ConflictingEventId);
        Assert.DoesNotContain("Note:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_that_moves_a_fact_before_what_it_needs_names_that_fact()
    {
        _r.Add("2024-03-15", Embassy());
        var imposed = _r.Add("2024-06-01", Impose());
        var removed = _r.Add("2024-12-01", Remove());

        var refused = _r.Refused("2025-01-02", new EntryCorrected(removed, "dated by its year", PartialDate.Parse("2024"), null));

        Assert.Equal(imposed, refused.ConflictingEventId);
        Assert.DoesNotContain("MissionOpened", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_batch_the_note_names_the_fact_that_explains_the_refusal()
    {
        _r.Add("2024-03-15", Embassy());
        var imposed = _r.Add("2024-06-01", Impose());
        var removal = _r.Proposed("2024", Remove());

        var refusal = Assert.Single(DecideTogether.Check(_r.Key, _r.Facts, [removal]));

        Assert.Equal(imposed, refusal.Conflict.ConflictingEventId);
        Assert.DoesNotContain("MissionOpened", refusal.Conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_the_command_handlers_basis_the_note_names_the_same_fact()
    {
        _r.Add("2024-03-15", Embassy());
        var imposed = _r.Add("2024-06-01", Impose());
        var removal = _r.Proposed("2024", Remove());

        var refused = Decide.Check(DecisionBasis.Of(_r.Key, _r.Facts), removal);

        Assert.NotNull(refused);
        Assert.Equal(imposed, refused.ConflictingEventId);
    }
}
