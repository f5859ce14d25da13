using RelationsLedger.Application.Storage;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A file a command reads (<c>ledger import FILE</c>, <c>ledger verify --file FILE</c>, <c>ledger record-batch FILE</c>,
/// <c>ledger import-us-missions --file FILE</c>),
/// named as the user gave it in every problem: a directory is said to be one, a missing file (or a link to none) missing,
/// and a read that fails midway (an I/O error, a file system gone) is the input's problem, exit code 2 with nothing
/// recorded, not a bug.
/// </summary>
internal static class InputFile
{
    /// <summary>Opens the file, ending with the command's cancellation while the open waits (a FIFO with no writer: <see cref="CancellableOpen"/>).</summary>
    /// <param name="name">How the command names the file: <c>file 'x'</c>, <c>--file 'x'</c>.</param>
    /// <param name="expected">What to name instead of a directory or a missing file: <c>an export file</c>.</param>
    /// <param name="field">What a program's <c>errors</c> names the file's problems under (<see cref="CliInputException.Field"/>).</param>
    public static Task<Stream> OpenAsync(string path, string name, string expected, string field, CancellationToken ct) =>
        CancellableOpen.RunAsync(() => Open(path, name, expected, field), ct);

    private static Stream Open(string path, string name, string expected, string field)
    {
        // No file has an empty name: .NET's open threw an ArgumentException, which ended as "unexpected error … This is a bug".
        if (path.Length == 0) throw new CliInputException($"{name} names no file: name {expected}.", field);
        if (Directory.Exists(path)) throw new CliInputException($"{name} is a directory; name {expected}.", field);
        try
        {
            return new ReadGuard(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), name, field);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliInputException($"{name} does not exist{UnexpandedTilde.Hint(path)}; name {expected}.", field);
        }
        catch (IOException e)
        {
            throw new CliInputException($"{name} cannot be opened: {IoReason.Of(e)}.", field);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliInputException($"{name}: {e.Message}", field);
        }
    }

    /// <summary>Standard input, whose failing read is the input's problem as a file's is.</summary>
    public static Stream Standard(Stream input, string field) => new ReadGuard(input, "standard input", field);

    /// <summary>
    /// All of <paramref name="input"/> up to <paramref name="maxBytes"/>, refused as soon as it has more: counted as it is read,
    /// since a FIFO, a device (<c>/dev/zero</c>) or a file still being written says a length that is not what it holds.
    /// </summary>
    /// <param name="tooLarge">The whole problem, naming the input and its limit.</param>
    public static async Task<byte[]> ReadAllAsync(Stream input, int maxBytes, string tooLarge, string field, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new CliInputException(tooLarge, field);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
