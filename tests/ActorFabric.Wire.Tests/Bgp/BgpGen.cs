using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>FsCheck entry points: each property draws seeds from FsCheck and builds a model with <see cref="BgpModelFactory"/>.</summary>
public static class BgpGen
{
    /// <summary>BGP_PROPERTY_MULTIPLIER=20 runs every property twenty times as long (for a soak before a release).</summary>
    private static readonly int Multiplier = int.TryParse(Environment.GetEnvironmentVariable("BGP_PROPERTY_MULTIPLIER"), out var m) && m > 0 ? m : 1;

    public static Arbitrary<T> Of<T>(Func<BgpModelFactory, T> build) =>
        Gen.Choose(0, int.MaxValue).Select(seed => build(new BgpModelFactory(new Random(seed)))).ToArbitrary();

    /// <summary>Runs <paramref name="property"/> for <paramref name="count"/> generated values and throws on the first counterexample.</summary>
    public static void Check<T>(Func<BgpModelFactory, T> build, Func<T, bool> property, int count = 300) =>
        Prop.ForAll(Of(build), property).Check(Config.QuickThrowOnFailure.WithMaxTest(count * Multiplier));
}
