using System.Net.Http.Headers;
using System.Text;
using ActorFabric.Cli.Output;

namespace ActorFabric.Cli.Control;

/// <summary>
/// The HTTP client side of <c>show</c>, <c>ping</c>, <c>capture</c>, <c>chaos</c> and <c>advance</c>: finds the
/// running <c>up</c> (an explicit <c>--api</c> URL, else the state file), calls it, and turns its errors into
/// <see cref="ControlApiException"/>s with the server's message and near matches.
/// </summary>
public sealed class ControlApiClient : IDisposable
{
    public const string NothingRunning = "no fabric is running: start one with `actorfabric up FILE`";

    private readonly HttpClient _http;

    public ControlApiClient(Uri baseAddress, TimeSpan? timeout = null, string? token = null)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(RequestGuard.Scheme, token);
    }

    public Uri BaseAddress { get; }

    /// <summary>
    /// The client for <paramref name="api"/> if given, else for the running fabric in the state directory: the only
    /// one, or the one named <paramref name="fabric"/>. The token is <paramref name="token"/>, else
    /// <c>$ACTORFABRIC_TOKEN</c>, else the one in the fabric's state entry.
    /// </summary>
    public static ControlApiClient Locate(string? api, string? fabric = null, string? token = null, string? stateDirectory = null)
    {
        token = string.IsNullOrEmpty(token) ? Environment.GetEnvironmentVariable("ACTORFABRIC_TOKEN") : token;
        var explicitFile = stateDirectory is null ? ControlState.ExplicitFile : null;
        if (!string.IsNullOrEmpty(api))
        {
            if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ControlApiException($"--api must be an http:// URL such as http://127.0.0.1:{ControlApiServer.DefaultPort}, not '{FabricNames.Clip(api)}'", CliApp.ExitUsage);
            if (string.IsNullOrEmpty(token))
            {
                var known = explicitFile is not null
                    ? ControlState.TryRead(explicitFile) is { } one ? [one] : []
                    : ControlState.List(stateDirectory ?? ControlState.DefaultDirectory);
                token = known.Find(s => SameAddress(s.Url, uri))?.Token;
            }
            return new ControlApiClient(uri, token: token);
        }
        ControlState state;
        if (explicitFile is not null)
        {
            state = ControlState.TryRead(explicitFile) ?? throw new ControlApiException(NothingRunning);
        }
        else
        {
            var running = ControlState.List(stateDirectory ?? ControlState.DefaultDirectory);
            if (!string.IsNullOrEmpty(fabric))
            {
                state = running.Find(s => s.Fabric == fabric) ?? throw new ControlApiException(running.Count == 0
                    ? NothingRunning
                    : $"no fabric '{FabricNames.Clip(fabric)}' is running; running: {string.Join(", ", running.Select(s => s.Fabric))}", running.Count == 0 ? 1 : CliApp.ExitUsage);
            }
            else
            {
                state = running.Count switch
                {
                    0 => throw new ControlApiException(NothingRunning),
                    1 => running[0],
                    _ => throw new ControlApiException(
                        $"{running.Count} fabrics are running ({string.Join(", ", running.Select(s => s.Fabric))}): choose one with --fabric NAME", CliApp.ExitUsage),
                };
            }
        }
        return new ControlApiClient(new Uri(state.Url), token: string.IsNullOrEmpty(token) ? state.Token : token);
    }

    private static bool SameAddress(string url, Uri uri) =>
        Uri.TryCreate(url, UriKind.Absolute, out var known) && known.Port == uri.Port
        && (known.Host == uri.Host || (known.IsLoopback && uri.IsLoopback));

    public async Task<T> GetAsync<T>(string path, CancellationToken ct = default) =>
        CliJson.Deserialize<T>(await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false));

    public Task<string> GetTextAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, ct);

    public async Task<T> PostAsync<T>(string path, object body, CancellationToken ct = default) =>
        CliJson.Deserialize<T>(await SendAsync(HttpMethod.Post, path, body, ct).ConfigureAwait(false));

    public async Task<T> DeleteAsync<T>(string path, CancellationToken ct = default) =>
        CliJson.Deserialize<T>(await SendAsync(HttpMethod.Delete, path, null, ct).ConfigureAwait(false));

    /// <summary>Sends a request and returns the body text (JSON or, for /metrics, Prometheus text).</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(CliJson.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ControlApiException($"{NothingRunning} (nothing answers at {BaseAddress}: {e.Message})");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return text;
            ControlApiError? error = null;
            try
            {
                error = CliJson.Deserialize<ControlApiError>(text);
            }
            catch (System.Text.Json.JsonException)
            {
            }
            var message = error?.Error ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
            if (error?.Suggestions is { Count: > 0 } near && !message.Contains("did you mean", StringComparison.Ordinal))
                message += $" (did you mean {string.Join(", ", near)}?)";
            // docs/cli.md: the server refusing the request (4xx: a bad name, value or body) is bad input, exit 2;
            // a fabric that failed to answer (5xx) is a failed operation, exit 1.
            int status = (int)response.StatusCode;
            throw new ControlApiException(message, status is >= 400 and < 500 ? CliApp.ExitUsage : 1);
        }
    }

    public void Dispose() => _http.Dispose();
}
