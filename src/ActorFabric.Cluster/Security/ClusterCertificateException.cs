namespace ActorFabric.Cluster.Security;

/// <summary>A cluster certificate file that cannot be used; the message names the file and what is wrong with it.</summary>
public sealed class ClusterCertificateException : Exception
{
    public ClusterCertificateException(string message) : base(message) { }

    public ClusterCertificateException(string message, Exception inner) : base(message, inner) { }
}
