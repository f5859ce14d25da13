using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Commands.Batch;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// A batch's body, bounded by <see cref="BatchLimits.MaxBytes"/> rather than <c>Api:MaxRequestBodyBytes</c> (a batch
/// is many commands): refused with 413 unread when its <c>Content-Length</c> says it is larger, and reading stops
/// as soon as a body without one (chunked) goes past the limit.
/// </summary>
public static class BatchBody
{
    public sealed record Read(byte[]? Bytes, IResult? Error);

    public static async Task<Read> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > BatchLimits.MaxBytes) return new(null, BodyLimit.TooLarge(BatchLimits.MaxBytes));
        // Kestrel's limit for every other body is lower; this body's is the batch's (one more byte, to tell "too large" apart).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = BatchLimits.MaxBytes + 1L;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > BatchLimits.MaxBytes) return new(null, BodyLimit.TooLarge(BatchLimits.MaxBytes));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, BodyLimit.TooLarge(BatchLimits.MaxBytes));
        }
        return new(buffer.ToArray(), null);
    }
}
