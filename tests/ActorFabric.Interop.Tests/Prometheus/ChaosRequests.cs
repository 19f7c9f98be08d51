using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ActorFabric.Interop.Tests.Prometheus;

/// <summary>Chaos actions through the control API (POST /api/chaos with the run's bearer token), as a user's script would.</summary>
internal static class ChaosRequests
{
    public static void Apply(Uri api, string token, string action)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/chaos") { Content = JsonContent.Create(new { action }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = http.Send(request);
        var body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"chaos '{action}': {(int)answer.StatusCode} {body}");
    }
}
