using ActorFabric.Fabric.Runtime;

namespace ActorFabric.Cli.Output;

/// <summary>
/// Shaped after Junos <c>show evpn multicast-snooping assisted-replication replicators</c>: per MAC-VRF instance and VNI
/// the device's AR role and operational mode, then the replicators it sees (RFC 9574 §5.1 AR routes) with their state,
/// the one the VNI uses, its last change and the deterministic AR policies.
/// </summary>
public static class AssistedReplicationText
{
    public static void Write(AssistedReplicationTable table, TextWriter output)
    {
        output.WriteLine($"{table.Device}: {table.Role}{(table.ArIp is { } ip ? $", AR IP {ip}" : "")}, replicator changes: {table.ReplicatorChanges}");
        if (table.Instances.Count == 0)
        {
            output.WriteLine($"{table.Device} has no VNI with Assisted Replication.");
            return;
        }
        foreach (var instance in table.Instances)
        {
            output.WriteLine($"Instance: {instance.Instance}");
            output.WriteLine($"  AR Role: {instance.Role}");
            output.WriteLine($"    VN Identifier: {instance.Vni}");
            output.WriteLine($"      Operational Mode: {instance.OperationalMode}");
            if (instance.Replicators.Count > 0)
            {
                var rows = new TextColumns("Replicator IP", "IR IP", "Device", "State", "Mode");
                foreach (var r in instance.Replicators)
                    // A replicator is not used until its activation timer has run (RFC 9574 §5.2).
                    rows.Add(r.ArIp, r.IrIp ?? "-", r.Device ?? "-", r.Active ? "Active" : "Activating", r.Mode);
                rows.WriteTo(output, "        ");
            }
            var chosen = instance.ChosenReplicator is { } c
                ? c + (instance.Replicators.FirstOrDefault(r => r.ArIp == c)?.Device is { } name ? $" ({name})" : "")
                : "none (ingress replication)";
            output.WriteLine($"      Chosen replicator: {chosen}");
            output.WriteLine($"      Last change: {(instance.LastChange is { } at ? $"{DurationText.Clock(TimeSpan.FromSeconds(at))} {instance.LastChangeText}" : "never")}");
            if (instance.Policies.Count > 0)
            {
                output.WriteLine("      Deterministic AR policies:");
                var rows = new TextColumns("Policy", "Mode/Preferred replicator/Fallback", "In use");
                foreach (var p in instance.Policies) rows.Add(p.Policy, p.Status, p.InUse ?? "-");
                rows.WriteTo(output, "        ");
            }
        }
    }
}
