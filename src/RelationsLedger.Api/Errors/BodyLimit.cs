using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Errors;

/// <summary>
/// The request body limit: <c>Api:MaxRequestBodyBytes</c> (a batch's is its own), on the body's own bytes. A body whose
/// <c>Content-Length</c> is over it is refused unread; one sent chunked is read until it goes past it.
/// </summary>
public static class BodyLimit
{
    public sealed record Read(byte[]? Bytes, IResult? Error);

    /// <summary>
    /// The most bytes a chunked body may take on the wire per byte of its own: one-byte chunks ("1\r\nX\r\n"). Kestrel counts the
    /// chunked framing against its limit, so a body within the limit sent in small chunks was refused as too large.
    /// </summary>
    private const int ChunkedBytesPerByte = 6;

    public static long Of(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;

    /// <summary>The whole body, or 413 once it is found to be over <paramref name="limit"/> bytes (nothing more is read then).</summary>
    public static async Task<Read> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return new(null, TooLarge(limit));
        // Kestrel's own limit stays, as a bound on what is read from the wire, but above what its framing can take.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = request.ContentLength is null ? (limit + 1) * ChunkedBytesPerByte + "0\r\n\r\n".Length : limit;
        try
        {
            // Its length known (a command's body: ~1 KB), the body is read into an array of that length. Read through a 16 KB chunk
            // into a growing stream and copied out, each request allocated ~18 KB: a third of what a served command allocated, and
            // of the collections that cost (docs/performance.md, round 67). Kestrel ends such a body at its length, or refuses it
            // when the connection ends before (400).
            if (request.ContentLength is { } length)
            {
                var bytes = new byte[length];
                await request.Body.ReadExactlyAsync(bytes, ct);
                return new(bytes, null);
            }
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return new(null, TooLarge(limit));
                buffer.Write(chunk, 0, read);
            }
            return new(buffer.ToArray(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, TooLarge(limit));
        }
    }

    public static IResult TooLarge(HttpContext http) => TooLarge(Of(http));

    /// <summary>413 for a body over <paramref name="limit"/> bytes (a batch's limit is its own).</summary>
    public static IResult TooLarge(long limit)
    {
        return Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "The request body is too large.",
            $"A request body may be at most {limit} bytes; nothing was recorded.", new Dictionary<string, object?> { ["limit"] = limit });
    }
}
