using System.Runtime.Serialization;

namespace ActorFabric.Cluster.Persistence;

/// <summary>
/// Bytes of a device record (or snapshot) that this build cannot read: an unknown kind or version in the manifest,
/// or a body that is truncated, too long or holds an impossible value. Permanent: reading them again gives the same.
/// </summary>
public sealed class DeviceRecordException : SerializationException
{
    public DeviceRecordException(string manifest, string problem, Exception? inner = null)
        : base($"device record '{manifest}': {problem}", inner)
    {
        Manifest = manifest;
        Problem = problem;
    }

    /// <summary>The record's manifest as stored ("mac-mobility/1"), whatever it was.</summary>
    public string Manifest { get; }

    public string Problem { get; }

    /// <summary>The unreadable record behind a failure, wherever a plugin or a stream wrapped it; null if there is none.</summary>
    internal static DeviceRecordException? FindIn(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DeviceRecordException unreadable) return unreadable;
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Select(FindIn).FirstOrDefault(found => found is not null);
        }
        return null;
    }
}
