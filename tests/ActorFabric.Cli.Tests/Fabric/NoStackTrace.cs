namespace ActorFabric.Cli.Tests.Fabric;

/// <summary>What users must never see: stack frames or .NET exception and type names.</summary>
internal static class NoStackTrace
{
    public static void In(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("System.", text);
    }
}
