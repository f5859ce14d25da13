namespace RelationsLedger.Application.Commands.Designations;

/// <summary>The fields every designation command names: who lists whom, on which list, under what authority.</summary>
public interface IDesignationCommand
{
    string Actor { get; }
    string Counterpart { get; }
    string List { get; }
    string Authority { get; }
    string? Reference { get; }
}
