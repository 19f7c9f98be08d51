using System.Net;

namespace ActorFabric.Cli.Bgp.Speaker;

/// <summary>Talks to a running speaker's <see cref="BgpControlApi"/> (<c>--api ADDR:PORT</c>).</summary>
public static class BgpControlClient
{
    public static async Task<(bool Ok, string Body)> SendAsync(IPEndPoint api, HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30), BaseAddress = new Uri($"http://{api}/") };
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }
}
