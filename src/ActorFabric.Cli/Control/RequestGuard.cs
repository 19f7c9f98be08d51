using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ActorFabric.Cli.Control;

/// <summary>
/// What every control API request passes before a route sees it, so that a web page open on the same machine
/// cannot drive the fabric: a loopback Host header while bound to loopback (DNS rebinding), a size limit on the
/// body (413), the run's bearer token on every write (every request when bound beyond loopback), and a JSON
/// content type on every POST (a cross-site form can only send text/plain or form types).
/// </summary>
internal static class RequestGuard
{
    public const string Scheme = "Bearer";

    public static Func<HttpContext, RequestDelegate, Task> Create(ControlApiOptions options)
    {
        var expected = Encoding.UTF8.GetBytes(options.Token);
        return async (http, next) =>
        {
            var request = http.Request;
            if (options.IsLoopback && !IsLoopbackHost(request.Host))
            {
                await Refuse(http, StatusCodes.Status403Forbidden,
                    $"Host '{FabricNames.Clip(request.Host.Value ?? "")}' refused: this API answers only to 127.0.0.1, localhost or [::1]").ConfigureAwait(false);
                return;
            }
            if (request.ContentLength > ControlApiOptions.MaxBodyBytes)
            {
                await Refuse(http, StatusCodes.Status413PayloadTooLarge, $"request body larger than {ControlApiOptions.MaxBodyBytes} bytes").ConfigureAwait(false);
                return;
            }
            bool write = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
            if ((write || !options.IsLoopback) && !HasToken(request, expected))
            {
                http.Response.Headers.WWWAuthenticate = Scheme;
                await Refuse(http, StatusCodes.Status401Unauthorized,
                    "missing or wrong token: send 'Authorization: Bearer TOKEN' with the token of this run (in its state file; the actorfabric commands send it)").ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsPost(request.Method) && !IsJson(request.ContentType))
            {
                await Refuse(http, StatusCodes.Status415UnsupportedMediaType, "POST bodies must be JSON (Content-Type: application/json)").ConfigureAwait(false);
                return;
            }
            await next(http).ConfigureAwait(false);
        };
    }

    internal static bool IsLoopbackHost(HostString host)
    {
        var name = host.Host;
        if (string.IsNullOrEmpty(name)) return false;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool HasToken(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[(Scheme.Length + 1)..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(Output.CliJson.Serialize(new ControlApiError(message)));
    }
}
