// A downstream service's loop: follow the ledger's feed from a saved checkpoint, handle each event,
// save the checkpoint. Kill it and start it again — or restart the server — and it goes on after the
// last event it handled.
//
//   dotnet run --project samples/FeedConsumer -- http://127.0.0.1:5080 <reader-key> [checkpoint-file]
using FeedConsumer;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: FeedConsumer <base-url> <api-key> [checkpoint-file]");
    return 2;
}
var checkpointFile = args.Length > 2 ? args[2] : "feed.checkpoint";
// The checkpoint: the last handled event's position and its eventId (the server checks the event is still there).
var saved = File.Exists(checkpointFile) ? File.ReadAllText(checkpointFile).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
var (checkpoint, checkpointEvent) = (saved.ElementAtOrDefault(0), saved.ElementAtOrDefault(1));

using var http = new HttpClient { BaseAddress = new Uri(args[0]), Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.Authorization = new("Bearer", args[1]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var feed = new LedgerFeed(http);
try
{
    await foreach (var message in feed.FollowAsync(checkpoint, checkpointEvent, stop.Token))
    {
        if (message.IsHeartbeat) continue;
        var e = message.Data;
        // An event that is not the ledger's (another client of the store wrote it) comes in its raw form, saying why: report it and go on.
        var what = e.TryGetProperty("unreadable", out var unreadable) ? $"NOT A LEDGER EVENT: {unreadable.GetString()}" : e.GetProperty("effectiveDate").GetString();
        Console.WriteLine($"{message.Position,8}  {e.GetProperty("type").GetString(),-22} {e.GetProperty("stream").GetString()}  {what}");
        // Handle the event first, then save the checkpoint: a crash in between handles it again (at least once);
        // make the handling idempotent by the event id, e.GetProperty("eventId").
        File.WriteAllText(checkpointFile + ".tmp", $"{message.Position} {feed.LastEventGuid}");
        File.Move(checkpointFile + ".tmp", checkpointFile, overwrite: true);
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
catch (InvalidOperationException refused)
{
    Console.Error.WriteLine(refused.Message); // the ledger's log is not the one the checkpoint came from: a person decides
    return 1;
}
return 0;
