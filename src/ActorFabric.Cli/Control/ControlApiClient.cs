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

    public ControlApiClient(Uri baseAddress, TimeSpan? timeout = null)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromMinutes(5) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The client for <paramref name="api"/> if given, else for the address in the state file.</summary>
    public static ControlApiClient Locate(string? api, string? stateFile = null)
    {
        if (!string.IsNullOrEmpty(api))
        {
            if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ControlApiException($"--api must be an http:// URL such as http://127.0.0.1:{ControlApiServer.DefaultPort}, not '{api}'", CliApp.ExitUsage);
            return new ControlApiClient(uri);
        }
        var state = ControlState.TryRead(stateFile ?? ControlState.DefaultPath) ?? throw new ControlApiException(NothingRunning);
        return new ControlApiClient(new Uri(state.Url));
    }

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
            throw new ControlApiException(message);
        }
    }

    public void Dispose() => _http.Dispose();
}
