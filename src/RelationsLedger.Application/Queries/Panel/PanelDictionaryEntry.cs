using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>One line of the panel's data dictionary (docs/panel.md): a column, its dtype and what it holds.</summary>
public sealed record PanelDictionaryEntry(string Column, string DType, string Meaning);
