using System.Text;
using ActorFabric.Fabric.Topology;

namespace ActorFabric.Fabric.Tests.Topology;

/// <summary>
/// Random mutations of the bundled topologies, seeded so every run feeds the same cases: whatever the text, the
/// loader either builds a topology or throws its own <see cref="TopologyLoadException"/>, never anything else.
/// </summary>
public class TopologyLoaderFuzzTests
{
    private const int CasesPerFile = 1500;

    /// <summary>Values a careless or hostile author writes where a number, an address or a name belongs.</summary>
    private static readonly string[] Hostile =
    [
        "0", "-1", "1", "4094", "4095", "4096", "65535", "65536", "16777215", "16777216", "4294967296", "99999999999999999999",
        "NaN", "nan", "Infinity", "-Infinity", "1e400", "-0", "0.5", "1.5", "abc", "blue", "", "~", "null", "true",
        "[]", "{}", "[1, 2]", "{a: b}", "*x", "&x y", "!!binary AAAA", "'", "\"", "10.0.0.1/33", "010.0.0.1", "1.2.3",
        "0.0.0.0", "255.255.255.255", "10.0.0.1/0", "0.0.0.0/0", "02:00:00:00:00:01", "01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff",
        "1us", "0s", "-5ms", "100000000s", "10s", "11s", "1%", "150%", "-1%", "NaN%", "eth0", "eth4097", "eth99999999999",
        "spine1", "leaf1", "leaf9", "h1", "host1", "leaf1:eth1", "spine1:", ":eth1", "auto", "vlan-aware-bundle", "65000:100",
        "10.0.0.1:100", "4294967295:1", "route-reflector", "border-leaf", "host",
        "replicator", "none", "rep1", "233.252.0.0/24", "ff00::/8", "2001:db8::1/128", "::/0", "224.0.0.0/3", "rnve", "group",
    ];

    private const string Noise = ":{}[],-#&*!|>'\"%@`0123456789abc \t";

    private static readonly string[] BundledFiles = ["quickstart.yaml", "evpn-lab.yaml", "evpn-lab.clab.yml", "bench-256.yaml", "large-1000.yaml", "assisted-replication.yaml", "bench-256-ar.yaml"];

    public static TheoryData<string> Files => new(BundledFiles);

    [Theory]
    [MemberData(nameof(Files))]
    public void Mutated_bundled_topologies_only_ever_fail_with_the_loaders_error(string name)
    {
        var path = RepositoryFiles.Topology(name);
        var original = Shrink(File.ReadAllText(path));
        var random = new Random(9_000 + Array.IndexOf(BundledFiles, name));
        int rejected = 0;
        for (int i = 0; i < CasesPerFile; i++)
        {
            var text = Mutate(original, random);
            try
            {
                TopologyLoader.Parse(text, path);
            }
            catch (TopologyLoadException e)
            {
                Assert.NotEmpty(e.Errors);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} of {name}: {e.GetType().Name}: {e.Message}\n--- input ---\n{text}\n--- trace ---\n{e}");
            }
        }
        // The mutations reach the checks: most cases are refused, and with errors, not a crash.
        Assert.True(rejected > CasesPerFile / 4, $"only {rejected} of {CasesPerFile} mutations were rejected");
    }

    /// <summary>The large generated fabrics are shrunk first, so each case loads in milliseconds.</summary>
    private static string Shrink(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            foreach (var (key, small) in new[] { ("leaves:", "6"), ("vnis:", "8"), ("vnis-per-leaf:", "3"), ("hosts-per-vni-per-leaf:", "2") })
            {
                int at = l.IndexOf(key, StringComparison.Ordinal);
                if (at >= 0 && at == l.Length - l.TrimStart().Length)
                {
                    var comment = l.IndexOf('#');
                    lines[i] = l[..(at + key.Length)] + " " + small + (comment > 0 ? "   " + l[comment..] : "");
                }
            }
        }
        return string.Join('\n', lines);
    }

    private static string Mutate(string text, Random random)
    {
        var lines = new List<string>(text.Split('\n'));
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && lines.Count > 0; m++)
        {
            int i = random.Next(lines.Count);
            switch (random.Next(8))
            {
                case 0: // a value replaced by a hostile one
                case 1:
                    lines[i] = ReplaceValue(lines[i], Hostile[random.Next(Hostile.Length)], random);
                    break;
                case 2:
                    lines.RemoveAt(i);
                    break;
                case 3:
                    lines.Insert(i, lines[random.Next(lines.Count)]);
                    break;
                case 4: // indentation changed
                    lines[i] = random.Next(2) == 0 ? "  " + lines[i] : lines[i].TrimStart();
                    break;
                case 5: // one character replaced
                    if (lines[i].Length > 0)
                    {
                        var chars = lines[i].ToCharArray();
                        chars[random.Next(chars.Length)] = Noise[random.Next(Noise.Length)];
                        lines[i] = new string(chars);
                    }
                    break;
                case 6: // cut short
                    lines[i] = lines[i][..random.Next(lines[i].Length + 1)];
                    break;
                default: // two lines swapped
                    int j = random.Next(lines.Count);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>Replaces one scalar of the line (after a ':' or a ',' or inside a flow list) with <paramref name="value"/>.</summary>
    private static string ReplaceValue(string line, string value, Random random)
    {
        var starts = new List<int>();
        for (int i = 0; i + 1 < line.Length; i++)
            if (line[i] is ':' or ',' or '[' && line[i + 1] == ' ') starts.Add(i + 2);
        if (starts.Count == 0) return line + " " + value;
        int start = starts[random.Next(starts.Count)];
        int end = start;
        while (end < line.Length && line[end] is not (',' or '}' or ']' or '#')) end++;
        var text = new StringBuilder(line.Length + value.Length);
        text.Append(line, 0, start).Append(value).Append(line, end, line.Length - end);
        return text.ToString();
    }
}
