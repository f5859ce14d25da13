using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using static RelationsLedger.Application.Tests.Batch.CubaBatch;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>The three forms of a batch, shared provenance, and every mistake named by item and field, all at once.</summary>
public sealed class BatchJsonTests
{
    private const string Item = """{"command": "impose-designation", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "1982-03-01", "recordedBy": "me", "sources": [{"publisher": "P", "title": "T"}]}""";

    private static string Problem(List<FluentValidation.Results.ValidationFailure> failures, string field) =>
        Assert.Single(failures, f => f.PropertyName == field).ErrorMessage;

    [Fact]
    public void Ndjson_an_array_and_an_object_are_read_alike()
    {
        var ndjson = Read($"{Item}\n\n{Item.Replace("1982-03-01", "2015")}\r\n");
        Assert.Equal(["line 1", "line 3"], ndjson.Items.Select(i => i.Label));
        var array = Read($"[{Item}, {Item}]");
        Assert.Equal(["commands[0]", "commands[1]"], array.Items.Select(i => i.Label));
        var pretty = Read("{\n  \"commands\": [\n" + Item + "\n]\n}");
        Assert.IsType<ImposeDesignation>(Assert.Single(pretty.Items).Command);
        var bom = Read("\uFEFF" + Item);
        Assert.Equal("line 1", Assert.Single(bom.Items).Label);
    }

    /// <summary>Before: one command object over several lines was "line 1" wherever its fields were (line 1.autority of line 6).</summary>
    [Fact]
    public void One_command_object_is_named_by_the_lines_it_is_on()
    {
        var pretty = Item.Replace(", ", ",\n  ").Replace("{\"command\"", "{\n  \"command\"");
        var problem = Assert.Single(Problems("\n\n" + pretty.Replace("\"authority\"", "\"autority\"") + "\n\n"));
        Assert.Equal("lines 3-12.autority", problem.PropertyName);
        Assert.Equal("lines 3-12", Assert.Single(Read("\n\n" + pretty + "\n").Items).Label);
        Assert.Equal("line 2", Assert.Single(Read("\n" + Item + "\n\n").Items).Label);
    }

    /// <summary>
    /// Before: a batch in the object form whose list was misspelt was read as one command without a name: "line 1.command:
    /// 'command' must name the command", of an object that was no command. Now it is read as the batch it is.
    /// </summary>
    [Fact]
    public void An_object_form_batch_without_its_commands_is_named_as_one()
    {
        var failures = Problems($$"""
            {
              "sources": [{"publisher": "Reuters", "title": "An article"}],
              "recordedBy": "desk",
              "comands": [{{Item}}]
            }
            """);
        Assert.Equal(["comands", "commands"], failures.Select(f => f.PropertyName).Order(StringComparer.Ordinal));
        Assert.Equal("a batch has no field 'comands'; its fields are sources, recordedBy, correlationId and commands.", Problem(failures, "comands"));
        Assert.StartsWith("a batch object gives its commands in 'commands'", Problem(failures, "commands"), StringComparison.Ordinal);
        Assert.Equal(["commands"], Problems("{}").Select(f => f.PropertyName));
        // A command that lacks only its name is still one: its own fields say so.
        Assert.Equal(["line 1.command"], Problems(Item.Replace("\"command\": \"impose-designation\", ", "")).Select(f => f.PropertyName));
    }

    [Fact]
    public void Shared_provenance_applies_to_the_items_that_lack_their_own()
    {
        var correlation = Guid.NewGuid();
        var own = """{"command": "remove-designation", "actor": "US", "counterpart": "CU", "list": "L", "authority": "A", "effectiveDate": "2015"}""";
        var batch = Read($$"""
            {"sources": [{"publisher": "Reuters", "title": "An article"}], "recordedBy": "desk", "correlationId": "{{correlation}}",
             "commands": [{{Item}}, {{own}}]}
            """);
        Assert.Equal(correlation, batch.CorrelationId);
        var (first, second) = (batch.Items[0].Command, batch.Items[1].Command);
        Assert.Equal(("me", "P"), (first.RecordedBy, first.Sources.Single().Publisher));
        Assert.Equal(("desk", "Reuters"), (second.RecordedBy, second.Sources.Single().Publisher));
        Assert.All(batch.Items, i => Assert.Equal(correlation, i.Command.CorrelationId));
    }

    [Fact]
    public void Without_a_correlation_id_the_batch_takes_its_first_commands_id_and_keeps_an_items_own()
    {
        var mine = Guid.NewGuid();
        var batch = Read($"[{Item}, {Item.Replace("\"command\"", $"\"correlationId\": \"{mine}\", \"command\"")}]");
        Assert.Equal(batch.Items[0].Command.CommandId, batch.CorrelationId);
        // An item without its own takes the batch's when it is recorded (RecordBatchHandler, for batches made in code too).
        Assert.Equal([null, mine], batch.Items.Select(i => i.Command.CorrelationId));
    }

    /// <summary>
    /// Found by round 57's hostile tester: a key given twice was named by the whole of what held it — "batch" in an array (which
    /// command?), "line 1" in a batch object on one line — and a batch object written over several lines with a key given twice
    /// at the top was read as NDJSON: every one of its lines refused as a line ("line 2: … not valid JSON (at byte 12)"), the key
    /// named nowhere. Now each is named by its item and field, wherever it is.
    /// </summary>
    [Fact]
    public void A_key_given_twice_is_named_by_its_item_and_field_in_every_form()
    {
        var twice = Item.Replace("\"actor\": \"US\"", "\"actor\": \"US\", \"actor\": \"CU\"");
        Assert.Contains("the key 'actor' is given twice", Problem(Problems($"{Item}\n{twice}\n"), "line 2.actor"));
        Assert.Contains("the key 'actor' is given twice", Problem(Problems($"[{Item}, {twice}]"), "commands[1].actor"));
        Assert.Contains("the key 'actor' is given twice", Problem(Problems(twice), "line 1.actor"));
        var source = Item.Replace("\"title\": \"T\"", "\"title\": \"T\", \"title\": \"U\"");
        Assert.Contains("the key 'title' is given twice", Problem(Problems($"[{Item}, {source}]"), "commands[1].sources[0].title"));

        // The object form over several lines, the key at the top: one problem, named by the key.
        var top = "{\n  \"recordedBy\": \"a\",\n  \"recordedBy\": \"b\",\n  \"commands\": [\n    " + Item + "\n  ]\n}\n";
        var problem = Assert.Single(Problems(top));
        Assert.Equal("recordedBy", problem.PropertyName);
        Assert.Contains("the key 'recordedBy' is given twice", problem.ErrorMessage);
        Assert.Equal("sources[0].title", Assert.Single(Problems(top.Replace("\"recordedBy\": \"b\"", "\"sources\": [{\"publisher\": \"P\", \"title\": \"T\", \"title\": \"U\"}]"))).PropertyName);
    }

    /// <summary>
    /// Found by round 57's hostile tester: a batch object over several lines that is not valid JSON (here a comma after its last
    /// command) was read as NDJSON, and each of its lines refused ("line 1: … the line ends before its JSON does", "line 2: … not
    /// valid JSON (at byte 15)", …, 9 problems), none at the comma. Now one problem, where the reader stopped. NDJSON whose first
    /// line is cut short is still named line by line, its good lines read.
    /// </summary>
    [Fact]
    public void A_batch_object_over_several_lines_that_is_not_json_is_one_problem_where_the_reader_stopped()
    {
        var trailing = "{\n  \"recordedBy\": \"a\",\n  \"commands\": [\n    " + Item + ",\n  ]\n}\n";
        var problem = Assert.Single(Problems(trailing));
        Assert.Equal("lines 1-6", problem.PropertyName);
        Assert.Contains("it is not valid JSON (line 5, byte", problem.ErrorMessage);
        Assert.Contains("a batch is one JSON document", problem.ErrorMessage);

        var cut = Problems("{\"command\": \"impose-designation\", \n" + Item + "\n");
        Assert.Contains("the line ends before its JSON does", Problem(cut, "line 1"));
    }

    /// <summary>
    /// Found by round 61's hostile probe: NDJSON whose every line is a whole JSON object and each is refused (here a field the
    /// command does not have, and a command that does not exist) was taken for one object over several lines that is not JSON
    /// — "lines 1-2: cannot be read: it is not valid JSON (line 2, byte 1). Written over several lines, a batch is one JSON
    /// document" — and neither line's own problem was said.
    /// </summary>
    [Fact]
    public void Ndjson_whose_every_line_is_refused_names_each_lines_own_problem()
    {
        var failures = Problems(string.Join("\n",
            Item.Replace("\"list\"", "\"text\""),
            Item.Replace("impose-designation", "impose-sanction"),
            "{\"command\": \"impose-designation\", "));
        Assert.Contains("impose-designation has no field 'text'", Problem(failures, "line 1.text"));
        Assert.Contains("'impose-sanction' is not a command", Problem(failures, "line 2.command"));
        Assert.Contains("the line ends before its JSON does", Problem(failures, "line 3"));
        Assert.DoesNotContain(failures, f => f.ErrorMessage.Contains("Written over several lines", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_bad_line_is_named_and_the_good_ones_do_not_hide_them()
    {
        var failures = Problems(string.Join("\n",
            Item,
            "{\"command\": \"impose-designation\", ",                       // line 2: cut short
            Item.Replace("impose-designation", "impose-sanction"),         // line 3: no such command
            Item.Replace("\"command\": \"impose-designation\", ", ""),     // line 4: no command
            Item.Replace("\"actor\": \"US\"", "\"actor\": \"US\", \"actor\": \"CU\""), // line 5: a key twice
            Item.Replace("\"list\"", "\"lsit\""),                          // line 6: no such field
            "[1, 2]"));                                                    // line 7: not an object
        Assert.Contains("not valid JSON", Problem(failures, "line 2"));
        Assert.Contains("'impose-sanction' is not a command; the commands are", Problem(failures, "line 3.command"));
        Assert.Contains("must name the command", Problem(failures, "line 4.command"));
        Assert.Contains("the key 'actor' is given twice", Problem(failures, "line 5.actor"));
        Assert.Contains("impose-designation has no field 'lsit'", Problem(failures, "line 6.lsit"));
        Assert.Contains("must be a JSON object", Problem(failures, "line 7"));
        Assert.DoesNotContain(failures, f => f.PropertyName.StartsWith("line 1", StringComparison.Ordinal));
    }

    /// <summary>
    /// Found by round 37's hostile tester: a line's problem was placed in a document of one line — "line 2: cannot be read: it
    /// is not valid JSON (line 1, byte 211)" for a last line cut short — and a line that began with a byte-order mark (two
    /// files that each begin with one, joined by <c>cat</c>) was only "not valid JSON (line 1, byte 1)".
    /// </summary>
    [Fact]
    public void A_line_cut_short_a_line_with_a_byte_order_mark_and_a_stray_byte_are_each_said_in_the_lines_terms()
    {
        var cut = Item[..120];
        var failures = Problems(string.Join("\n", Item, cut, "\uFEFF" + Item, Item + "]", Item));
        Assert.Equal("cannot be read: it is not valid JSON: the line ends before its JSON does (after byte 120) — a line cut short, " +
            "or a command written over several lines? NDJSON takes each command whole on one line.", Problem(failures, "line 2"));
        Assert.Equal("begins with a byte-order mark (the bytes EF BB BF), which only the start of a file may hold — files that each " +
            "begin with one, joined together? Remove it.", Problem(failures, "line 3"));
        Assert.Equal($"cannot be read: it is not valid JSON (at byte {System.Text.Encoding.UTF8.GetByteCount(Item) + 1}).", Problem(failures, "line 4"));
        Assert.DoesNotContain(failures, f => f.PropertyName.StartsWith("line 1", StringComparison.Ordinal) || f.PropertyName.StartsWith("line 5", StringComparison.Ordinal));
        // A batch file that begins with one is read as before.
        Assert.Single(Read("\uFEFF" + Item).Items);
    }

    [Fact]
    public void The_top_of_an_object_is_read_strictly()
    {
        var failures = Problems($$"""{"recordedBy": 3, "correlationId": "nope", "sauces": [], "sources": [{"publisher": "P", "tittle": "T"}], "commands": [{{Item}}]}""");
        Assert.Contains("must be a string", Problem(failures, "recordedBy"));
        Assert.Contains("UUID", Problem(failures, "correlationId"));
        Assert.Contains("a batch has no field 'sauces'", Problem(failures, "sauces"));
        Assert.Contains("a source has no field 'tittle'", Problem(failures, "sources[0].tittle"));
        Assert.Contains("must be an array", Problem(Problems("""{"commands": {}}"""), "commands"));
    }

    [Fact]
    public void An_empty_batch_and_one_over_the_limits_are_refused_before_any_item_is_read()
    {
        Assert.Contains("empty", Problem(Problems(" \n\t\n"), "batch"));
        Assert.Contains("empty", Problem(Problems("[]"), "batch"));
        var many = "[" + string.Join(",", Enumerable.Repeat(Item, BatchLimits.MaxItems + 1)) + "]";
        Assert.Contains($"at most {BatchLimits.MaxItems}", Problem(Problems(many), "batch"));
        var manyLines = string.Join("\n", Enumerable.Repeat(Item, BatchLimits.MaxItems + 1));
        Assert.Contains($"at most {BatchLimits.MaxItems}", Problem(Problems(manyLines), "batch"));
        var huge = Item.Replace("\"L\"", $"\"{new string('x', BatchLimits.MaxBytes)}\"");
        Assert.Contains($"at most {BatchLimits.MaxBytes:N0}", Problem(Problems(huge), "batch"));
    }
}
