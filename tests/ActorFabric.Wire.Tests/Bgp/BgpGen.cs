using FsCheck;
using FsCheck.Fluent;

namespace ActorFabric.Wire.Tests.Bgp;

/// <summary>FsCheck entry points: each property draws seeds from FsCheck and builds a model with <see cref="BgpModelFactory"/>.</summary>
public static class BgpGen
{
    public static Arbitrary<T> Of<T>(Func<BgpModelFactory, T> build) =>
        Gen.Choose(0, int.MaxValue).Select(seed => build(new BgpModelFactory(new Random(seed)))).ToArbitrary();

    /// <summary>Runs <paramref name="property"/> for <paramref name="count"/> generated values and throws on the first counterexample.</summary>
    public static void Check<T>(Func<BgpModelFactory, T> build, Func<T, bool> property, int count = 300) =>
        Prop.ForAll(Of(build), property).Check(Config.QuickThrowOnFailure.WithMaxTest(count));
}
