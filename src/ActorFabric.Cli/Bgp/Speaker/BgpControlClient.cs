using System.Net;
using System.Net.Http.Headers;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>Talks to a running speaker's <see cref="BgpControlApi"/> (<c>--api ADDR:PORT</c>), sending its token.</summary>
public static class BgpControlClient
{
    /// <param name="token">The speaker's API token; null = <see cref="BgpApiToken.Read"/> for <paramref name="api"/>.</param>
    public static async Task<(bool Ok, string Body)> SendAsync(IPEndPoint api, HttpMethod method, string pathAndQuery, string? body = null, string? token = null)
    {
        var (status, text) = await SendForStatusAsync(api, method, pathAndQuery, body, token).ConfigureAwait(false);
        return (status is >= 200 and < 300, text);
    }

    public static async Task<(int Status, string Body)> SendForStatusAsync(IPEndPoint api, HttpMethod method, string pathAndQuery, string? body = null, string? token = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30), BaseAddress = new Uri($"http://{api}/") };
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (body is not null || method == HttpMethod.Post) request.Content = new StringContent(body ?? "{}", System.Text.Encoding.UTF8, "application/json");
        if ((token ?? BgpApiToken.Read(api)) is { } t) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t);
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }
}
