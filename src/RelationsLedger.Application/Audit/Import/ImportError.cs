using MediatR;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>One problem with the file: the line (1-based), the field as named in the line's JSON, and why.</summary>
public sealed record ImportError(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line}: {Field}: {Message}";
}
