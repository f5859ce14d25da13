using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// One line of an export read back as the import reads it (<see cref="ImportLine.Parse"/>: the line's JSON, its
/// envelope and its event), before any validation or decision. <c>--filter '*ImportLineBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class ImportLineBenchmarks
{
    private byte[] _line = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) ExportLine.Write(w, LongRelationship.StoredDesignation());
        _line = buffer.ToArray(); // as the import reads a line: its UTF-8 bytes
    }

    [Benchmark]
    public ImportLine Parse() => ImportLine.Parse(7, _line, []) ?? throw new InvalidOperationException("the line was refused");
}
