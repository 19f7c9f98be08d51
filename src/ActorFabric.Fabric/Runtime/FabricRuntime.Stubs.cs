namespace ActorFabric.Fabric.Runtime;

public sealed partial class FabricRuntime
{
    private readonly Dictionary<string, CaptureSession> _captures = new(StringComparer.Ordinal);

    private void Build() { }

    private Task<T> Query<T>(string device, DeviceQueryKind kind, uint? vni) => throw new NotImplementedException();

    private Task<PingResult> PingCore(string a, string b, int count, TimeSpan timeout) => throw new NotImplementedException();

    private Task<CaptureInfo> StartCaptureCore(string target, string path) => throw new NotImplementedException();

    private Task<CaptureInfo> StopCaptureCore(string id) => throw new NotImplementedException();

    private IReadOnlyList<CaptureInfo> CapturesCore() => [];

    private Task<ChaosResult> ApplyChaosCore(ChaosAction action) => throw new NotImplementedException();
}

internal sealed class CaptureSession
{
    public void Close() { }
}
